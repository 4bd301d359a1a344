using Microsoft.EntityFrameworkCore;
using Opbx.Asterisk.Ami;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Jobs;
using Quartz;

namespace Opbx.Asterisk.Redeploy;

/// <summary>
/// "Redeploy all" (platform managers): every organization rendered again from the database in one pass, written where
/// its files changed, the changed modules reloaded once (reloads are global in Asterisk) and what Asterisk loaded checked
/// once, then attributed to each organization. Runs as one job in the deployer's one-at-a-time section, like the
/// start-up deploy; progress and results are rows (<see cref="RedeployRun"/>, <see cref="RedeployResult"/>), so the page
/// can be left and come back to. The run is also one platform <see cref="Deploy"/> (trigger redeploy_all) in the history.
/// </summary>
public sealed class RedeployAll(OpbxDb db, PbxSnapshots snapshots, ConfigRenderer renderer, ConfigFolder folder, AsteriskDeployer deployer,
    IServiceScopeFactory scopes, ISchedulerFactory schedulers, RunningDeploys running, AuditActor audit, IServiceProvider services, TimeProvider clock,
    ILogger<RedeployAll> logger)
{
    public const string AuditAction = "deploy.redeploy_all";
    public static readonly JobKey JobKey = new("redeploy-all", DeployJob.Group);
    public const string RunData = "run";
    // Progress is written every this many organizations rendered (one small write each).
    private const int ProgressEvery = 50;

    /// <summary>
    /// Starts a redeploy of every organization, or answers the one still running (one at a time: a second would only
    /// render the same data again). In the audit log as <c>deploy.redeploy_all</c>.
    /// </summary>
    public async Task<RedeployRun> StartAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        RedeployRun run;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            if (await db.RedeployRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Status == RedeployStatus.Running, ct) is { } running) return running;
            var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
            run = new RedeployRun { RequestedBy = Trim(audit.Name), StartedAt = clock.GetUtcNow(), Total = organizations.Count };
            db.RedeployRuns.Add(run);
            db.RedeployResults.AddRange(organizations.Select(o => new RedeployResult { RunId = run.Id, OrganizationId = o.Id, OrganizationName = o.Name }));
            db.AuditEntries.Add(audit.Entry(run.StartedAt, AuditAction, "redeploy_run", run.Id.ToString(), $"Redeploy of {organizations.Count} organizations", null));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<RedeployAllJob>().WithIdentity(JobKey).WithDescription("Redeploy of every organization")
            .UsingJobData(RunData, run.Id.ToString()).StoreDurably().Build();
        await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).WithIdentity($"redeploy-{run.Id:N}", DeployJob.Group).StartNow().Build(),
            ScheduleJobOptions.Replacing, ct);
        return run;
    }

    public async Task<RedeployRun?> LatestAsync(CancellationToken ct = default) =>
        await db.RedeployRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);

    public async Task<RedeployRun> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.RedeployRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Redeploy");

    /// <summary>
    /// A page of a run's results, failed ones first, then by name (then id, so pages never overlap); with
    /// <paramref name="failedOnly"/>, only the failed ones. A page past the last (or below the first) is the last (the
    /// first), so an old link or a bad number shows results, never an empty table.
    /// </summary>
    public async Task<Paged<RedeployResult>> ResultsAsync(Guid runId, bool failedOnly = false, int page = 1, int pageSize = 200,
        CancellationToken ct = default)
    {
        var results = db.RedeployResults.AsNoTracking().Where(r => r.RunId == runId);
        if (failedOnly) results = results.Where(r => r.Status == RedeployResultStatus.Failed);
        var count = await results.CountAsync(ct);
        page = Math.Clamp(page, 1, Paged<RedeployResult>.PagesFor(count, pageSize));
        var items = await results
            .OrderBy(r => r.Status == RedeployResultStatus.Failed ? 0 : r.Status == RedeployResultStatus.Pending ? 1 : 2).ThenBy(r => r.OrganizationName).ThenBy(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<RedeployResult>(items, count, page, pageSize);
    }

    /// <summary>At start-up: a run that was going when Opbx stopped will not finish; say so (the start-up deploy writes everything again).</summary>
    public async Task StartupAsync(CancellationToken ct = default)
    {
        var stopped = await db.RedeployRuns.Where(r => r.Status == RedeployStatus.Running).Select(r => r.Id).ToListAsync(ct);
        await FailAsync(stopped, "Opbx stopped before this redeploy finished; the start-up deploy wrote every organization again.", ct);
    }

    /// <summary>
    /// Runs recorded as running that were started before <paramref name="before"/> and that no job of this process runs, holds
    /// or has scheduled (Opbx runs once per database): their run ended without writing how it went (the database refused the
    /// last writes, busy or full), so they end failed with that reason instead of showing "running" for good
    /// (<see cref="DeployWatchdog"/>). How many there were.
    /// </summary>
    public async Task<int> FailAbandonedAsync(DateTimeOffset before, RunningDeploys running, CancellationToken ct = default)
    {
        var candidates = (await db.RedeployRuns.AsNoTracking().Where(r => r.Status == RedeployStatus.Running).Select(r => new { r.Id, r.StartedAt }).ToListAsync(ct))
            .Where(r => r.StartedAt < before && !running.IsRedeploying(r.Id)).Select(r => r.Id).ToList();
        if (candidates.Count == 0) return 0;
        // A run whose job has not started yet (its trigger still waits for a thread) is not abandoned.
        var scheduler = await schedulers.GetScheduler(ct);
        if ((await scheduler.GetTriggersOfJob(JobKey, ct)).Count > 0) return 0;
        await FailAsync(candidates, "This redeploy ended without recording how it went: the database refused its last writes (busy or full). " +
                                    "Organizations without a result are marked failed; the next deploy of each organization writes its changes.", ct);
        return candidates.Count;
    }

    private async Task FailAsync(IReadOnlyCollection<Guid> runs, string reason, CancellationToken ct)
    {
        if (runs.Count == 0) return;
        await db.RedeployResults.Where(r => runs.Contains(r.RunId) && r.Status == RedeployResultStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RedeployResultStatus.Failed).SetProperty(r => r.Failure, reason), ct);
        foreach (var id in runs) await FinishAsync(id, RedeployStatus.Failed, null, reason, ct);
    }

    /// <summary>Runs the redeploy (the job's work). Throws when the run as a whole failed, after recording why.</summary>
    public async Task RunAsync(Guid runId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        // Held as going by this job until it ends, however it ends (DeployWatchdog fails a running run nothing holds).
        using var going = running.Redeploying(runId);
        var run = await db.RedeployRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is not { IsRunning: true }) return;
        var results = await db.RedeployResults.AsNoTracking().Where(r => r.RunId == runId && r.OrganizationId != null)
            .Select(r => new { r.Id, OrganizationId = r.OrganizationId!.Value }).ToListAsync(ct);
        var resultOf = results.ToDictionary(r => r.OrganizationId, r => r.Id);
        var deploy = new Deploy
        {
            OrganizationId = null, Trigger = DeployTrigger.RedeployAll, RequestedBy = run.RequestedBy, Status = DeployStatus.Running,
            QueuedAt = clock.GetUtcNow(), StartedAt = clock.GetUtcNow(),
        };
        db.Deploys.Add(deploy);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        // Held as running by this run (DeployWatchdog fails a running deploy no run holds).
        using var holding = running.Start(deploy.Id);

        // Per organization: its key and files (to attribute writes and missing objects), or why it could not be rendered.
        var rendered = new Dictionary<Guid, (string Key, IReadOnlyList<ConfigFile> Files)>();
        var failures = new Dictionary<Guid, string>();
        AsteriskDeployResult? outcome;
        try
        {
            outcome = await deployer.DeployAsync(async c =>
            {
                await using var snapshot = await ReadSnapshot.BeginAsync(db, c);
                var files = new List<ConfigFile>(renderer.RenderTopLevel(await snapshots.PlatformAsync(c), folder.Root).Files);
                var count = 0;
                // Every organization there is now, those created since the run started included: a platform-wide write
                // deletes the files of any organization it does not carry.
                foreach (var id in await snapshots.OrganizationIdsAsync(c))
                {
                    try
                    {
                        if (await snapshots.OrganizationAsync(id, c) is { } organization)
                        {
                            var organizationFiles = renderer.RenderOrganization(organization, folder.Root).Files;
                            files.AddRange(organizationFiles);
                            rendered[id] = (PbxNames.Key(organization.Key), organizationFiles);
                        }
                    }
                    catch (ConfigTextException e)
                    {
                        failures[id] = $"The configuration could not be rendered: {e.Message} Its files were left as they were.";
                        files.AddRange(await ExistingFilesAsync(id, c));
                    }
                    if (resultOf.ContainsKey(id) && ++count % ProgressEvery == 0) await ProgressAsync(runId, count, c);
                }
                await ProgressAsync(runId, run.Total, c);
                var config = new RenderedConfig(files);
                // Only a test host registers a hook (see IRenderedConfigHook); production has none.
                if (services.GetService<IRenderedConfigHook>() is { } hook) config = hook.Apply(config);
                return new ScopedConfig(config, null);
            }, ct);
        }
        catch (Exception e)
        {
            var reason = Reason(e);
            await RecordAsync(runId, deploy, null, rendered, failures, reason, CancellationToken.None);
            if (e is OperationCanceledException) throw;
            throw new InvalidOperationException($"Redeploy {runId} failed: {reason}", e);
        }
        await RecordAsync(runId, deploy, outcome, rendered, failures, null, ct);
    }

    /// <summary>An organization that cannot be rendered keeps the files it has (a platform-wide write would delete them).</summary>
    private async Task<IReadOnlyList<ConfigFile>> ExistingFilesAsync(Guid organizationId, CancellationToken ct)
    {
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        IReadOnlyList<string> paths;
        try
        {
            paths = slug is null ? [] : ConfigRenderer.OrganizationFilePaths(slug);
        }
        catch (ConfigTextException)
        {
            return []; // a key no file could ever have been written under
        }
        var files = new List<ConfigFile>();
        foreach (var path in paths.Where(folder.Exists))
        {
            var module = Path.GetFileName(path) switch
            {
                "pjsip.conf" => AsteriskModule.Pjsip,
                "extensions.conf" => AsteriskModule.Dialplan,
                "queues.conf" => AsteriskModule.Queues,
                _ => AsteriskModule.Voicemail,
            };
            files.Add(new ConfigFile(path, await File.ReadAllTextAsync(folder.PathOf(path), ct), module));
        }
        return files;
    }

    private async Task ProgressAsync(Guid runId, int rendered, CancellationToken ct)
    {
        // Through a context of its own: this one holds the render's read snapshot open.
        using var scope = scopes.CreateScope();
        var progress = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        await progress.RedeployRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Rendered, rendered), ct);
    }

    private async Task RecordAsync(Guid runId, Deploy deploy, AsteriskDeployResult? outcome, Dictionary<Guid, (string Key, IReadOnlyList<ConfigFile> Files)> rendered,
        Dictionary<Guid, string> failures, string? runFailure, CancellationToken ct)
    {
        var missing = outcome?.Verification?.Missing ?? [];
        var written = outcome?.Changes.Written ?? [];
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var results = await db.RedeployResults.Where(r => r.RunId == runId && r.Status == RedeployResultStatus.Pending).ToListAsync(ct);
            foreach (var result in results)
            {
                var id = result.OrganizationId ?? Guid.Empty;
                if (failures.TryGetValue(id, out var failure))
                {
                    (result.Status, result.Failure) = (RedeployResultStatus.Failed, failure);
                }
                else if (!rendered.TryGetValue(id, out var mine))
                {
                    (result.Status, result.Failure) = (RedeployResultStatus.Failed, runFailure ?? "The organization was deleted during the redeploy.");
                }
                else
                {
                    var prefix = PbxNames.OrganizationFolder(mine.Key) + "/";
                    result.FilesWritten = written.Count(w => w.StartsWith(prefix, StringComparison.Ordinal));
                    var notLoaded = missing.Count == 0 ? [] : Missing(mine.Files, missing);
                    if (runFailure is not null) (result.Status, result.Failure) = (RedeployResultStatus.Failed, runFailure);
                    else if (notLoaded.Count > 0)
                        (result.Status, result.Failure) = (RedeployResultStatus.Failed, "Asterisk did not load " + string.Join(", ", notLoaded.Select(m => $"{m.Kind} {m.Name}")) + ".");
                    else result.Status = RedeployResultStatus.Succeeded;
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var succeeded = await db.RedeployResults.CountAsync(r => r.RunId == runId && r.Status == RedeployResultStatus.Succeeded, ct);
        var failed = await db.RedeployResults.CountAsync(r => r.RunId == runId && r.Status == RedeployResultStatus.Failed, ct);
        var summary = outcome?.Describe();
        await FinishAsync(runId, runFailure is null && failed == 0 ? RedeployStatus.Succeeded : RedeployStatus.Failed, summary, runFailure, ct);

        var status = runFailure is null && (outcome?.Succeeded ?? false) ? DeployStatus.Succeeded : DeployStatus.Failed;
        await db.Deploys.Where(d => d.Id == deploy.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.FinishedAt, clock.GetUtcNow())
            .SetProperty(d => d.Summary, summary)
            .SetProperty(d => d.Failure, runFailure ?? (failed > 0 ? $"{failed} of {succeeded + failed} organizations failed; see the redeploy's results." : null))
            .SetProperty(d => d.FilesWritten, string.Join('\n', written))
            .SetProperty(d => d.FilesDeleted, string.Join('\n', outcome?.Changes.Deleted ?? []))
            .SetProperty(d => d.ModulesReloaded, string.Join(' ', (outcome?.Reload.Reloaded ?? []).Select(AsteriskReloader.ModuleName)))
            .SetProperty(d => d.ReloadSkipped, outcome?.Reload.Skipped ?? false), CancellationToken.None);
        logger.LogInformation("Redeploy {Run}: {Succeeded} organizations succeeded, {Failed} failed. {Summary}", runId, succeeded, failed, summary ?? runFailure);
    }

    private async Task FinishAsync(Guid runId, RedeployStatus status, string? summary, string? failure, CancellationToken ct)
    {
        var succeeded = await db.RedeployResults.CountAsync(r => r.RunId == runId && r.Status == RedeployResultStatus.Succeeded, ct);
        var failed = await db.RedeployResults.CountAsync(r => r.RunId == runId && r.Status == RedeployResultStatus.Failed, ct);
        await db.RedeployRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAt, clock.GetUtcNow())
            .SetProperty(r => r.Succeeded, succeeded)
            .SetProperty(r => r.Failed, failed)
            .SetProperty(r => r.Summary, summary)
            .SetProperty(r => r.Failure, failure), CancellationToken.None);
    }

    private static List<MissingObject> Missing(IReadOnlyList<ConfigFile> files, IReadOnlyList<MissingObject> missing)
    {
        var expected = ExpectedObjects.From(new RenderedConfig(files));
        IReadOnlyCollection<string> Of(string kind) => kind switch
        {
            "endpoint" => expected.Endpoints,
            "aor" => expected.Aors,
            "auth" => expected.Auths,
            "registration" => expected.Registrations,
            "context" => expected.Contexts,
            "queue" => expected.Queues,
            "mailbox" => expected.Mailboxes,
            _ => [],
        };
        return missing.Where(m => Of(m.Kind).Contains(m.Name)).ToList();
    }

    private static string Trim(string text) => text.Length <= 200 ? text : text[..200];

    private static string Reason(Exception e) => e switch
    {
        OperationCanceledException => "Opbx stopped during the redeploy.",
        AmiAuthenticationException => $"Asterisk refused Opbx's AMI login: {e.Message}",
        AmiActionException => e.Message,
        AmiException => $"Asterisk could not be reached over AMI: {e.Message} The reload is done by the next deploy.",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
