using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.Calls;

/// <summary>
/// Applies each organization's cdr_retention_days and recording_retention_days (SPEC §7). It works in small batches, each its
/// own short write transaction, and yields between them, so pages and CDR ingestion wait at most one batch for the write lock.
/// A recording never outlives its call record: a record's file is deleted before the transaction that deletes the record
/// commits (a failed commit leaves a record whose file is gone, never a file without a record). Files in the recordings folder
/// that no record names and that are older than the recording retention are removed too.
/// <para>Every write (a batch, a progress update, the run's row) that finds the database busy beyond the busy timeout (another
/// writer held the write lock: under heavy load the usage tally's back-to-back transactions did, and a bench run ended Failed)
/// is tried again after a doubling pause (<see cref="BusyRetry"/>), the batch whole: its rows are read again, and files already
/// unlinked by the failed attempt are still counted. Only a database busy through every attempt, or another error, fails the
/// organization's share, recorded with its reason.</para>
/// </summary>
public sealed class RetentionService(OpbxDb db, AuditActor audit, OrganizationFiles files, TimeProvider clock, IOptions<OpbxOptions> options,
    ILogger<RetentionService> logger)
{
    /// <summary>Rows per write transaction: small enough that a batch holds the write lock for milliseconds.</summary>
    public const int DefaultBatchSize = 500;

    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(5);

    public int BatchSize { get; set; } = Math.Clamp(options.Value.Jobs.RetentionBatchSize, 1, 100_000);
    /// <summary>How long to let other writers in between two batches.</summary>
    public TimeSpan Pause { get; set; } = options.Value.Jobs.RetentionPause < TimeSpan.Zero ? TimeSpan.Zero : options.Value.Jobs.RetentionPause;
    /// <summary>How many times a write that found the database busy is tried again before the organization's share fails.</summary>
    public int BusyRetries { get; set; } = DefaultBusyRetries;

    /// <summary>The pause before the first retry; it doubles with each (up to <see cref="BusyRetry.MaxPause"/>).</summary>
    public TimeSpan BusyPause { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>With the 5 s busy timeout of each attempt: about 80 s of a database busy without a break before a share fails.</summary>
    public const int DefaultBusyRetries = 8;

    /// <summary>Writes tried again because the database was busy (for the bench's log and the tests).</summary>
    public int BusyRetriesUsed { get; private set; }

    /// <summary>Write transactions committed for deletions by this instance (each at most <see cref="BatchSize"/> rows).</summary>
    public int BatchesCommitted { get; private set; }

    /// <summary>The longest single delete transaction so far (begin to commit: how long this instance held the write lock).</summary>
    public TimeSpan LongestBatch { get; private set; }

    /// <summary>
    /// One run over every organization; returns each organization's recorded run. With <paramref name="sweepId"/> (the job's
    /// claimed <see cref="RetentionSweep"/>) the run's progress is written with each batch, so the jobs page can follow it.
    /// An organization whose share fails is recorded as failed and the others still run; the failure is thrown at the end.
    /// </summary>
    public async Task<IReadOnlyList<RetentionRun>> RunAsync(string startedBy, Guid? sweepId = null, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.CreatedAt)
            .Select(o => new { o.Id, o.Name, o.Slug, o.CdrRetentionDays, o.RecordingRetentionDays }).ToListAsync(ct);
        if (sweepId is { } total)
            await WhenNotBusyAsync("progress", _ => db.RetentionSweeps.Where(s => s.Id == total)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationsTotal, organizations.Count), ct), ct);
        var runs = new List<RetentionRun>();
        var failures = new List<(string Organization, Exception Error)>();
        foreach (var o in organizations)
        {
            var run = new RetentionRun { OrganizationId = o.Id, OrganizationName = o.Name, StartedAt = clock.GetUtcNow(), StartedBy = startedBy, SweepId = sweepId };
            try
            {
                await RunAsync(run, o.Slug, o.CdrRetentionDays, o.RecordingRetentionDays, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention failed for organization {Organization}.", o.Id);
                failures.Add((o.Name, e));
                db.ChangeTracker.Clear();
                run.Failure = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                await WhenNotBusyAsync("failed run", async _ =>
                {
                    db.ChangeTracker.Clear();
                    db.RetentionRuns.Add(run);
                    return await db.SaveChangesAsync(CancellationToken.None);
                }, CancellationToken.None);
            }
            runs.Add(run);
            if (sweepId is { } id)
                await WhenNotBusyAsync("progress", _ => db.RetentionSweeps.Where(s => s.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationsDone, x => x.OrganizationsDone + 1), ct), ct);
        }
        if (failures.Count > 0)
        {
            // The run's failure says which organizations failed and why (the jobs page shows it; each share's row has its own).
            var reasons = string.Join("; ", failures.Select(f => $"{f.Organization}: {f.Error.Message}"));
            throw new InvalidOperationException($"Retention failed for {failures.Count} of {organizations.Count} organizations: {reasons}",
                failures.Count == 1 ? failures[0].Error : new AggregateException(failures.Select(f => f.Error)));
        }
        return runs;
    }

    /// <summary>A batch's counts added to the run's progress, in the batch's transaction; when it held the lock longest, that too.</summary>
    private async Task ProgressAsync(Guid? sweepId, int records, int recordings, long bytes, CancellationToken ct)
    {
        if (sweepId is not { } id) return;
        await db.RetentionSweeps.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.CallRecordsDeleted, x => x.CallRecordsDeleted + records)
            .SetProperty(x => x.RecordingsDeleted, x => x.RecordingsDeleted + recordings)
            .SetProperty(x => x.BytesFreed, x => x.BytesFreed + bytes), ct);
    }

    private async Task LongestAsync(Guid? sweepId, TimeSpan batch, TimeSpan waited, CancellationToken ct)
    {
        // Each batch's lock hold (and its wait for the lock) at Debug level, for the purge bench's distributions (bench/retention.sh).
        logger.LogDebug("Retention batch held the write lock {Milliseconds:F1} ms (waited {Waited:F1} ms for it).", batch.TotalMilliseconds, waited.TotalMilliseconds);
        if (batch <= LongestBatch) return;
        LongestBatch = batch;
        if (sweepId is not { } id) return;
        var ms = (long)batch.TotalMilliseconds;
        await WhenNotBusyAsync("progress", _ => db.RetentionSweeps.Where(s => s.Id == id && s.LongestBatchMilliseconds < ms)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LongestBatchMilliseconds, ms), ct), ct);
    }

    private async Task RunAsync(RetentionRun run, string slug, int cdrDays, int recordingDays, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var (organizationId, name) = (run.OrganizationId, run.OrganizationName);
        var folder = files.Recordings(slug);
        // A retention of 0 or less would delete everything: the settings refuse it, and so does the job.
        if (cdrDays >= 1)
        {
            await BatchesAsync(run, folder, o => o.CdrRetentionDays,
                cutoff => db.CallRecords.Where(c => c.OrganizationId == organizationId && c.StartedAt < cutoff),
                (rows, token) => rows.ExecuteDeleteAsync(token), ct);
        }
        if (recordingDays >= 1)
        {
            await BatchesAsync(run, folder, o => o.RecordingRetentionDays,
                cutoff => db.CallRecords.Where(c => c.OrganizationId == organizationId && c.StartedAt < cutoff && c.RecordingFile != null),
                async (rows, token) =>
                {
                    await rows.ExecuteUpdateAsync(r => r.SetProperty(c => c.RecordingFile, (string?)null).SetProperty(c => c.RecordingBytes, 0L), token);
                    return 0;
                }, ct);
            if (await RetentionDaysAsync(organizationId, o => o.RecordingRetentionDays, ct) is var days and >= 1)
                await RemoveOrphansAsync(organizationId, folder, run.StartedAt.AddDays(-days), run, ct);
        }
        run.DurationMilliseconds = watch.ElapsedMilliseconds;
        await WhenNotBusyAsync("run record", async _ =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.BeginWriteAsync(ct);
            if (run.CallRecordsDeleted > 0 || run.RecordingsDeleted > 0 || run.OrphanFilesDeleted > 0)
            {
                // The deletes passed the change tracker: the organization's audit log gets their counts with the run's row.
                audit.RecordEffect(AuditCatalogue.RetentionApplied, "organization", organizationId.ToString(), name, organizationId,
                    new Dictionary<string, int>
                    {
                        ["call_record"] = run.CallRecordsDeleted,
                        ["recording"] = run.RecordingsDeleted,
                        ["orphan_file"] = run.OrphanFilesDeleted,
                    },
                    $"Retention ({cdrDays} days for call records, {recordingDays} days for recordings) deleted {run.CallRecordsDeleted} call records, " +
                    $"{run.RecordingsDeleted + run.OrphanFilesDeleted} recordings ({run.BytesFreed:N0} bytes).");
            }
            db.RetentionRuns.Add(run);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>
    /// The <paramref name="due"/> call records (those started before the cutoff of the organization's <paramref name="retentionDays"/>,
    /// read again in each batch's transaction) a batch at a time (oldest first), each batch in its own write transaction: its
    /// recording files deleted, then <paramref name="change"/> applied to its rows (deleted, or their recording cleared; it
    /// returns the records deleted), so a failed commit leaves a record whose file is gone, never a file without a record.
    /// The counts go to the run and, in the same transaction, to the sweep's progress; other writers get in between batches.
    /// </summary>
    private async Task BatchesAsync(RetentionRun run, string folder, System.Linq.Expressions.Expression<Func<Organization, int>> retentionDays,
        Func<DateTimeOffset, IQueryable<CallRecord>> due, Func<IQueryable<CallRecord>, CancellationToken, Task<int>> change, CancellationToken ct)
    {
        // Files unlinked by an attempt of the current batch that did not commit (busy): still counted when it is tried again.
        var unlinked = new Dictionary<string, long>(StringComparer.Ordinal);
        while (true)
        {
            unlinked.Clear();
            var (held, waited) = (TimeSpan.Zero, TimeSpan.Zero);
            var done = await WhenNotBusyAsync("batch", async _ =>
            {
                var waiting = Stopwatch.StartNew();
                await using var tx = await db.BeginWriteAsync(ct);
                // The lock is held from here (BEGIN IMMEDIATE took it) to the commit; the wait for it is not counted.
                (waited, var holding) = (waiting.Elapsed, Stopwatch.StartNew());
                // What is due is decided inside the write: an owner who lengthened the retention while the run was under way
                // (or turned it off) is obeyed from the next batch on, never overruled by the setting read when the run began.
                var days = await RetentionDaysAsync(run.OrganizationId, retentionDays, ct);
                if (days < 1) return true;
                var batch = await due(run.StartedAt.AddDays(-days)).AsNoTracking().OrderBy(c => c.StartedAt).ThenBy(c => c.Id).Take(BatchSize)
                    .Select(c => new { c.Id, c.RecordingFile }).ToListAsync(ct);
                if (batch.Count == 0) return true;
                var ids = batch.Select(b => b.Id).ToList();
                var (recordings, freed) = Unlink(folder, batch.Select(b => b.RecordingFile), unlinked);
                var deleted = await change(db.CallRecords.Where(c => ids.Contains(c.Id)), ct);
                await ProgressAsync(run.SweepId, deleted, recordings, freed, ct);
                await tx.CommitAsync(ct);
                held = holding.Elapsed;
                (run.CallRecordsDeleted, run.RecordingsDeleted, run.BytesFreed) = (run.CallRecordsDeleted + deleted, run.RecordingsDeleted + recordings, run.BytesFreed + freed);
                BatchesCommitted++;
                return false;
            }, ct);
            if (done) return;
            await LongestAsync(run.SweepId, held, waited, ct);
            await Task.Delay(Pause, ct);
        }
    }

    /// <summary>The organization's retention setting as it is now (0 when the organization is gone).</summary>
    private Task<int> RetentionDaysAsync(Guid organizationId, System.Linq.Expressions.Expression<Func<Organization, int>> retentionDays, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(retentionDays).FirstOrDefaultAsync(ct);

    /// <summary>Files older than the recording retention that no call record names (left by a record deleted some other way, or never ingested).</summary>
    private async Task RemoveOrphansAsync(Guid organizationId, string folder, DateTimeOffset cutoff, RetentionRun run, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return;
        var old = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.TopDirectoryOnly)
            .Where(f => f.LastWriteTimeUtc < cutoff.UtcDateTime);
        foreach (var chunk in old.Chunk(BatchSize))
        {
            var names = chunk.Select(f => f.Name).ToList();
            var named = await db.CallRecords.AsNoTracking()
                .Where(c => c.OrganizationId == organizationId && c.RecordingFile != null && names.Contains(c.RecordingFile))
                .Select(c => c.RecordingFile!).ToListAsync(ct);
            var keep = named.ToHashSet(StringComparer.Ordinal);
            var (deleted, freed) = (0, 0L);
            foreach (var file in chunk.Where(f => !keep.Contains(f.Name)))
            {
                if (DeleteFile(folder, file.Name, out var bytes))
                {
                    deleted++;
                    freed += bytes;
                }
            }
            (run.OrphanFilesDeleted, run.BytesFreed) = (run.OrphanFilesDeleted + deleted, run.BytesFreed + freed);
            if (deleted > 0) await WhenNotBusyAsync("progress", async _ => { await ProgressAsync(run.SweepId, 0, deleted, freed, ct); return true; }, ct);
        }
    }

    /// <summary>
    /// Unlinks a batch's recording files; returns how many were there and their bytes, counting those an earlier attempt of the
    /// same batch unlinked (<paramref name="unlinked"/>, kept across attempts) so a retried batch's counts stay whole.
    /// </summary>
    private (int Recordings, long Bytes) Unlink(string folder, IEnumerable<string?> fileNames, Dictionary<string, long> unlinked)
    {
        var (recordings, freed) = (0, 0L);
        foreach (var file in fileNames)
        {
            if (file is null) continue;
            if (DeleteFile(folder, file, out var bytes)) unlinked[file] = bytes;
            if (!unlinked.TryGetValue(file, out bytes)) continue;
            recordings++;
            freed += bytes;
        }
        return (recordings, freed);
    }

    /// <summary><paramref name="step"/>, tried again after a pause while the database is busy (<see cref="BusyRetry"/>); logged.</summary>
    private Task<T> WhenNotBusyAsync<T>(string what, Func<int, Task<T>> step, CancellationToken ct) =>
        BusyRetry.RunAsync(step, BusyRetries, BusyPause, (attempt, pause, e) =>
        {
            BusyRetriesUsed++;
            logger.LogWarning("Retention {Step}: the database was busy ({Error}); retry {Attempt} of {Retries} in {Pause} ms.",
                what, e.Message, attempt, BusyRetries, (long)pause.TotalMilliseconds);
        }, ct);

    /// <summary>Deletes a file by its stored name, only inside the organization's recordings folder; false when it was not there.</summary>
    private bool DeleteFile(string folder, string fileName, out long bytes)
    {
        bytes = 0;
        // Stored names are generated ids; anything else (a path) is not followed out of the folder.
        if (fileName.Length == 0 || fileName != Path.GetFileName(fileName)) return false;
        var path = Path.Combine(folder, fileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return false;
            bytes = info.Length;
            info.Delete();
            return true;
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete recording {Path}.", path);
            throw;
        }
    }
}
