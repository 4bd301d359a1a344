using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Calls;

/// <summary>
/// Starting, following and finishing retention runs over every organization (<see cref="RetentionSweep"/>). Starting one is
/// decided in the database: inside a write transaction (which holds SQLite's write lock from its first statement) a running
/// run is looked for and the new one inserted, and a unique index over the running row refuses a second even if the check were
/// bypassed. The deleting itself is <see cref="RetentionService"/>'s, in the retention job, never in a request.
/// </summary>
public sealed class RetentionSweeps(OpbxDb db, AuditActor audit, TimeProvider clock)
{
    public const string RunNowAction = "retention.run_now";
    public const string AlreadyRunning = "A retention run is already under way; wait for it to finish.";

    /// <summary>
    /// Claims the one running slot for a new run: the new run, or null when one is already running (nothing written then).
    /// A manual start ("Run now") is audited with the run.
    /// </summary>
    public async Task<RetentionSweep?> TryBeginAsync(RetentionTrigger trigger, string startedBy, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        try
        {
            await using var tx = await db.BeginWriteAsync(ct);
            if (await db.RetentionSweeps.AnyAsync(s => s.Status == RetentionStatus.Running, ct)) return null;
            var sweep = new RetentionSweep
            {
                Trigger = trigger, StartedBy = Trim(startedBy), StartedAt = clock.GetUtcNow(),
                OrganizationsTotal = await db.Organizations.CountAsync(ct),
            };
            db.RetentionSweeps.Add(sweep);
            if (trigger == RetentionTrigger.Manual)
            {
                db.AuditEntries.Add(audit.Entry(sweep.StartedAt, RunNowAction, "retention_run", sweep.Id.ToString(),
                    $"Retention run over {sweep.OrganizationsTotal} organizations", null));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return sweep;
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            // SQLITE_CONSTRAINT_UNIQUE: another writer's running row got in first (the index, not the check, decided).
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>"Run now" for a platform manager: the new run, or null when one is already running.</summary>
    public async Task<RetentionSweep?> StartAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.RunRetention(actor).ThrowIfDenied();
        return await TryBeginAsync(RetentionTrigger.Manual, audit.Name, ct);
    }

    public async Task<RetentionSweep?> LatestAsync(CancellationToken ct = default) =>
        await db.RetentionSweeps.AsNoTracking().OrderByDescending(s => s.StartedAt).FirstOrDefaultAsync(ct);

    public async Task<RetentionSweep?> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.RetentionSweeps.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>The newest organizations' shares of runs, newest first, with their run's trigger.</summary>
    public async Task<IReadOnlyList<RetentionRunRow>> RecentAsync(int take = 50, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await (from r in db.RetentionRuns.AsNoTracking()
                      join s in db.RetentionSweeps.AsNoTracking() on r.SweepId equals s.Id into sweeps
                      from s in sweeps.DefaultIfEmpty()
                      orderby r.StartedAt descending, r.Id descending
                      select new RetentionRunRow(r.StartedAt, s == null ? (r.StartedBy == "nightly" ? RetentionTrigger.Nightly : RetentionTrigger.Manual) : s.Trigger,
                          r.StartedBy, r.OrganizationId, r.OrganizationName, r.CallRecordsDeleted, r.RecordingsDeleted + r.OrphanFilesDeleted, r.BytesFreed,
                          r.DurationMilliseconds, r.Failure))
            .Take(take).ToListAsync(ct);
    }

    /// <summary>Ends a run: succeeded, or failed with why.</summary>
    public async Task FinishAsync(Guid id, string? failure, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var status = failure is null ? RetentionStatus.Succeeded : RetentionStatus.Failed;
        // Tried again while the database is busy: a run left "running" would refuse every later run until Opbx restarts.
        await BusyRetry.RunAsync(_ => db.RetentionSweeps.Where(s => s.Id == id && s.Status == RetentionStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, status).SetProperty(x => x.FinishedAt, now)
                .SetProperty(x => x.Failure, failure is null ? null : failure.Length > 1000 ? failure[..1000] : failure), ct),
            RetentionService.DefaultBusyRetries, TimeSpan.FromMilliseconds(250), (_, _, _) => { }, ct);
    }

    /// <summary>At start-up: a run that was going when Opbx stopped will not go on (the next run deletes what it left).</summary>
    public async Task StartupAsync(CancellationToken ct = default)
    {
        foreach (var id in await db.RetentionSweeps.Where(s => s.Status == RetentionStatus.Running).Select(s => s.Id).ToListAsync(ct))
            await FinishAsync(id, "Opbx stopped before this run finished; the next run deletes what it left.", ct);
    }

    private static string Trim(string name) => name.Length > 120 ? name[..120] : name;
}
