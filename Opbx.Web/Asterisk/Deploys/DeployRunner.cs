using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Asterisk.Ami;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Domain.Webhooks;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// Runs the queued deploy of an organization (or of the platform) and records how it went: render from the database,
/// write, reload, verify (<see cref="AsteriskDeployer"/>). An organization's deploy writes its folder and the top-level
/// files; the platform's writes the top-level files and every organization's folder, and removes the folders of deleted
/// organizations once no top-level file includes them. Rendering happens inside the deployer's one-at-a-time section
/// and from one database snapshot, so no deploy ever writes data older than the one before it.
/// </summary>
public sealed class DeployRunner(OpbxDb db, PbxSnapshots snapshots, ConfigRenderer renderer, ConfigFolder folder, AsteriskDeployer deployer,
    DeployFileSets fileSets, DeployQueue queue, AsteriskLog asteriskLog, RunningDeploys runningDeploys, IOptions<OpbxOptions> options, IServiceProvider services,
    TimeProvider clock, ILogger<DeployRunner> logger)
{
    /// <summary>
    /// Runs the target's queued deploy (or the one waiting for Asterisk); null when none is queued (an earlier run already
    /// deployed its saves). Asterisk unreachable: the deploy waits and is tried again later, with what is saved by then.
    /// </summary>
    public Task<Deploy?> RunAsync(Guid? organizationId, CancellationToken ct = default) => RunAsync(organizationId, 0, ct);

    /// <summary>
    /// Like <see cref="RunAsync(Guid?, CancellationToken)"/>, for the run that tries again after <paramref name="busyClaims"/>
    /// claims in a row found the database busy (it waits a little longer after each).
    /// </summary>
    public async Task<Deploy?> RunAsync(Guid? organizationId, int busyClaims, CancellationToken ct)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        using var run = runningDeploys.RunFor(organizationId);
        Deploy? deploy;
        try
        {
            deploy = await ClaimAsync(organizationId, ct);
        }
        catch (Exception e) when (DatabaseFault.Of(e) == DatabaseFaultKind.Busy && !ct.IsCancellationRequested)
        {
            // Another writer held SQLite's write lock past the busy timeout (a CSV import of thousands of rows, say). Nothing
            // is lost: the deploy stays queued, and this run's job tries to claim it again shortly. (A claim that fails
            // otherwise, the disk full, leaves it queued too, and DeployWatchdog schedules it again.)
            await RetryClaimAsync(organizationId, busyClaims + 1, e);
            return null;
        }
        if (deploy is null) return null;
        // From here on the deploy ends, within the bound, as succeeded, failed, rolled back or waiting for Asterisk, and
        // that is written, now or (the database refusing) by DeployWatchdog: never left "running".
        using var running = runningDeploys.Start(deploy.Id);
        var limit = options.Value.Asterisk.DeployTimeout;
        using var bound = new CancellationTokenSource(limit, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, bound.Token);
        long log = 0;
        ScopedConfig? rendered = null;
        try
        {
            log = asteriskLog.Position();
            var result = await deployer.DeployAsync(async c => rendered = await RenderAsync(deploy, c), linked.Token);
            if (result is null)
            {
                Finish(deploy, DeployStatus.Succeeded, "The organization was deleted; the platform deploy removes its files.", null);
            }
            else if (!result.Succeeded && deploy.Attempts is > 0 and < MaxAttemptsWhileStarting && result.Changes.IsEmpty && result.Rollback is null)
            {
                // Asterisk answers AMI before it has loaded every module: just back, it may still be starting.
                return await WaitAsync(deploy, $"Asterisk is back but does not hold everything yet (still starting?): {result.Verification?.Describe()}", ct);
            }
            else
            {
                var status = result.Succeeded ? DeployStatus.Succeeded : result.RolledBack ? DeployStatus.RolledBack : DeployStatus.Failed;
                Finish(deploy, status, result.Describe(), status switch
                {
                    DeployStatus.Succeeded => null,
                    DeployStatus.RolledBack => $"{result.Verification?.Describe()} The previous configuration was restored and Asterisk holds it.",
                    _ => result.Verification?.Describe() + (result.Rollback is { } back ? $" Restoring the previous configuration did not help: {back.Verification.Describe()}" : ""),
                });
                deploy.FilesWritten = string.Join('\n', result.Changes.Written);
                deploy.FilesDeleted = string.Join('\n', result.Changes.Deleted);
                deploy.FilesDrifted = string.Join('\n', result.Changes.Drifted);
                deploy.ModulesReloaded = string.Join(' ', result.Reload.Reloaded.Concat(result.Rollback?.Reload.Reloaded ?? []).Select(AsteriskReloader.ModuleName));
                deploy.ReloadSkipped = result.Reload.Skipped;
            }
        }
        catch (AmiActionException e) when ((e.UnknownAction || deploy.Attempts > 0) && deploy.Attempts < MaxAttemptsWhileStarting && !linked.IsCancellationRequested)
        {
            // Asterisk answers AMI before it is fully booted: a module's actions are missing ("Invalid/unknown command")
            // or refused ("Permission denied") for a moment. Right after it came back, or for an action it does not know,
            // wait again; a refusal that lasts (or a module not loaded at all) fails the deploy once the attempts are used up.
            return await WaitAsync(deploy, $"Asterisk is not ready for {e.Action} yet (still starting?): {e.Message}", ct);
        }
        catch (Exception e) when (Unreachable(e) && !linked.IsCancellationRequested)
        {
            // The files are written and the reload stays owed (the folder keeps it): the next attempt renders again, so it
            // deploys whatever is saved by then, once, and saves meanwhile join this deploy instead of queueing more.
            return await WaitAsync(deploy, $"Asterisk could not be reached over AMI: {e.Message}", ct);
        }
        catch (Exception e)
        {
            Finish(deploy, DeployStatus.Failed, null, e switch
            {
                OperationCanceledException when ct.IsCancellationRequested => "Opbx stopped during the deploy.",
                OperationCanceledException when bound.IsCancellationRequested =>
                    $"The deploy did not finish within {limit.TotalSeconds:0} s (its wait behind other deploys included). The next deploy of the organization writes its changes.",
                _ => Reason(e),
            });
            deploy.AsteriskErrors = await ProblemsSinceAsync(log);
            await RecordAsync(deploy);
            throw;
        }
        deploy.AsteriskErrors = await ProblemsSinceAsync(log);
        // The file set first: once the deploy shows as finished, its diff and a rollback to it are there too.
        if (rendered is not null)
        {
            try
            {
                await fileSets.RecordAsync(deploy, rendered.Config.Files, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The deploy itself is done; only its diff (and a rollback to it) is missing.
                logger.LogError(e, "The file set of deploy {Deploy} could not be kept.", deploy.Id);
            }
        }
        await RecordAsync(deploy);
        if (deploy.Status is DeployStatus.Failed or DeployStatus.RolledBack) logger.LogWarning("Deploy {Deploy} {Status}: {Reason}", deploy.Id, deploy.Status, deploy.Failure);
        return deploy;
    }

    /// <summary>
    /// What a deploy of the organization would write now, without writing it ("Review changes"): its own files and the
    /// top-level files. Null when the organization does not exist.
    /// </summary>
    public async Task<ScopedConfig?> RenderOrganizationAsync(Guid organizationId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await RenderAsync(new Deploy { OrganizationId = organizationId }, ct);
    }

    private const int MaxAttemptsWhileStarting = 10;

    /// <summary>Waiting for Asterisk: recorded, and tried again later (1 s, 2 s, 4 s, … up to the configured maximum).</summary>
    private async Task<Deploy> WaitAsync(Deploy deploy, string reason, CancellationToken ct)
    {
        deploy.Attempts++;
        var wait = RetryDelay(deploy.Attempts);
        deploy.Status = DeployStatus.WaitingForAsterisk;
        deploy.Failure = $"{reason} Trying again in {wait.TotalSeconds:0} s.";
        await RecordAsync(deploy);
        try
        {
            await queue.ScheduleAsync([deploy], wait, ct);
        }
        catch (Exception e)
        {
            // Waiting with nothing scheduled: DeployWatchdog gives it its next try.
            logger.LogError(e, "The next try of deploy {Deploy} could not be scheduled.", deploy.Id);
        }
        logger.LogWarning("Deploy {Deploy} waits for Asterisk (attempt {Attempt}): {Reason}", deploy.Id, deploy.Attempts, reason);
        return deploy;
    }

    /// <summary>
    /// The claim found the database busy: logged as a warning (an expected moment of contention, not a fault of the deploy)
    /// and tried again 1 s, 2 s, 4 s, … later (at most the configured maximum), each try itself waiting the busy timeout.
    /// </summary>
    private async Task RetryClaimAsync(Guid? organizationId, int busyClaims, Exception busy)
    {
        var wait = RetryDelay(busyClaims);
        logger.LogWarning("The deploy of {Target} could not start: the database is busy (another task held its write lock for over {Timeout} s; {Error}). " +
                          "It stays queued and is tried again in {Wait} s (busy {Count} times in a row).",
            organizationId?.ToString() ?? "the platform", DatabaseFault.BusyTimeout.TotalSeconds, busy.GetBaseException().Message, wait.TotalSeconds, busyClaims);
        try
        {
            await queue.RetryClaimAsync(organizationId, busyClaims, wait);
        }
        catch (Exception e)
        {
            // Queued with nothing scheduled: DeployWatchdog schedules it.
            logger.LogError(e, "The next try of the deploy of {Target} could not be scheduled.", organizationId?.ToString() ?? "the platform");
        }
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Pow(2, Math.Min(attempts - 1, 16));
        var max = options.Value.Asterisk.DeployRetryMaxDelay;
        return TimeSpan.FromSeconds(seconds) < max ? TimeSpan.FromSeconds(seconds) : max;
    }

    /// <summary>AMI down or not answering; a refused login or a refused action is an answer, not an absence.</summary>
    private static bool Unreachable(Exception e) => e switch
    {
        AmiAuthenticationException or AmiActionException => false,
        AmiException or TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    private async Task<Deploy?> ClaimAsync(Guid? organizationId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var deploy = await db.Deploys.Where(d => (d.Status == DeployStatus.Queued || d.Status == DeployStatus.WaitingForAsterisk) && d.OrganizationId == organizationId)
            .OrderBy(d => d.QueuedAt).FirstOrDefaultAsync(ct);
        if (deploy is null) return null;
        // From here on a save queues the next deploy instead of joining this one, which may read the data before it.
        deploy.Status = DeployStatus.Running;
        deploy.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return deploy;
    }

    private async Task<ScopedConfig?> RenderAsync(Deploy deploy, CancellationToken ct)
    {
        var rendered = await RenderCurrentAsync(deploy, ct);
        if (rendered is null) return null;
        if (deploy.RollbackOfId is { } earlier)
        {
            // A rollback by hand: the organization's own files as that deploy wrote them, the top-level files as they are
            // now (they hold every organization and the shared trunks, which the rollback must not take back).
            var files = await fileSets.ContentsAsync(earlier, ct);
            if (files.Count == 0) throw new InvalidOperationException("The deploy to roll back to no longer has its files (only the newest 50 deploys keep theirs).");
            var scoped = files.Where(f => rendered.Scope is { } scope && f.Key.StartsWith(scope + "/", StringComparison.Ordinal))
                .Select(f => new ConfigFile(f.Key, f.Value, ConfigRenderer.ModuleOf(f.Key))).ToList();
            rendered = rendered with { Config = new RenderedConfig([.. scoped, .. rendered.Config.Files.Where(f => !f.RelativePath.Contains('/'))]) };
        }
        // Only a test host registers a hook (see IRenderedConfigHook); production has none.
        if (services.GetService<IRenderedConfigHook>() is { } hook) rendered = rendered with { Config = hook.Apply(rendered.Config) };
        return rendered;
    }

    private async Task<ScopedConfig?> RenderCurrentAsync(Deploy deploy, CancellationToken ct)
    {
        await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
        var platform = await snapshots.PlatformAsync(ct);
        if (deploy.OrganizationId is { } id)
        {
            if (await snapshots.OrganizationAsync(id, ct) is not { } organization) return null;
            var key = PbxNames.Key(organization.Key);
            // The top-level files include only folders that are written: an organization created a moment ago whose own
            // deploy has not run yet has none, and Asterisk rejects a whole file over one #include of a missing file.
            bool Written(string k) => k == key || ConfigRenderer.OrganizationFilePaths(k).All(folder.Exists);
            platform = platform with
            {
                OrganizationKeys = platform.OrganizationKeys.Where(Written).ToList(),
                SharedDids = platform.SharedDids.Where(d => Written(d.OrganizationKey)).ToList(),
            };
            return new ScopedConfig(
                new RenderedConfig([.. renderer.RenderOrganization(organization, folder.Root).Files, .. renderer.RenderTopLevel(platform, folder.Root).Files]),
                PbxNames.OrganizationFolder(key));
        }
        var files = new List<ConfigFile>(renderer.RenderTopLevel(platform, folder.Root).Files);
        // Organizations that deploy by hand (or are paused after a rollback) keep what they have in Asterisk: a platform
        // deploy does not slip their pending changes in.
        var holding = (await db.Organizations.AsNoTracking().Where(o => o.ManualDeploys || o.DeploysPausedAt != null).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        foreach (var organizationIdOfPlatform in await snapshots.OrganizationIdsAsync(ct))
        {
            if (await snapshots.OrganizationAsync(organizationIdOfPlatform, ct) is not { } organization) continue;
            var own = renderer.RenderOrganization(organization, folder.Root).Files;
            if (holding.Contains(organizationIdOfPlatform) && ConfigRenderer.OrganizationFilePaths(organization.Key).All(folder.Exists))
            {
                own = (await folder.ReadAsync(PbxNames.OrganizationFolder(PbxNames.Key(organization.Key)), topLevel: false, ct)).Files;
            }
            files.AddRange(own);
        }
        return new ScopedConfig(new RenderedConfig(files), null);
    }

    private void Finish(Deploy deploy, DeployStatus status, string? summary, string? failure)
    {
        deploy.Status = status;
        deploy.FinishedAt = clock.GetUtcNow();
        deploy.Summary = summary;
        deploy.Failure = failure;
    }

    /// <summary>
    /// Written whatever happened to the caller's token; a deploy deleted meanwhile (with its organization) is simply gone.
    /// A finished deploy then queues the organization's <c>deploy.finished</c> webhooks (sent later, by the dispatcher).
    /// When the database refuses the write (busy, full), the outcome is kept for <see cref="DeployWatchdog"/> to write.
    /// </summary>
    private async Task RecordAsync(Deploy deploy)
    {
        try
        {
            await WriteOutcomeAsync(services.GetRequiredService<IServiceScopeFactory>(), deploy);
        }
        catch (Exception e)
        {
            runningDeploys.Unwritten(deploy);
            logger.LogError(e, "The outcome of deploy {Deploy} ({Status}) could not be written yet; it is tried again.", deploy.Id, deploy.Status);
        }
    }

    private async Task<string?> ProblemsSinceAsync(long log)
    {
        try
        {
            return await asteriskLog.ProblemsSinceAsync(log, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Asterisk's log could not be read.");
            return null;
        }
    }

    /// <summary>
    /// Writes how <paramref name="deploy"/> ended (or that it waits for Asterisk) onto its row and, in the same transaction,
    /// queues its <c>deploy.finished</c> webhooks (<see cref="WebhookOutbox.AddDeployFinishedAsync"/>).
    /// Its own scope: the runner's context tracks the claimed deploy, which this save must not touch.
    /// </summary>
    internal static async Task WriteOutcomeAsync(IServiceScopeFactory scopes, Deploy deploy)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        var webhooks = scope.ServiceProvider.GetRequiredService<WebhookOutbox>();
        using var _ = db.Tenant.AcrossOrganizations();
        int added;
        await using (var tx = await db.BeginWriteAsync(CancellationToken.None))
        {
            await db.Deploys.Where(d => d.Id == deploy.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, deploy.Status)
                .SetProperty(d => d.FinishedAt, deploy.FinishedAt)
                .SetProperty(d => d.Summary, deploy.Summary)
                .SetProperty(d => d.Failure, deploy.Failure)
                .SetProperty(d => d.FilesWritten, deploy.FilesWritten)
                .SetProperty(d => d.FilesDeleted, deploy.FilesDeleted)
                .SetProperty(d => d.ModulesReloaded, deploy.ModulesReloaded)
                .SetProperty(d => d.ReloadSkipped, deploy.ReloadSkipped)
                .SetProperty(d => d.FilesDrifted, deploy.FilesDrifted)
                .SetProperty(d => d.AsteriskErrors, deploy.AsteriskErrors)
                .SetProperty(d => d.Attempts, deploy.Attempts), CancellationToken.None);
            added = await webhooks.AddDeployFinishedAsync(db, deploy, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        if (added > 0) scope.ServiceProvider.GetRequiredService<WebhookSignal>().Wake();
    }

    private static string Reason(Exception e) => e switch
    {
        AmiAuthenticationException => $"Asterisk refused Opbx's AMI login: {e.Message}",
        AmiActionException => e.Message,
        AmiException => $"Asterisk could not be reached over AMI: {e.Message} The reload is done by the next deploy.",
        ConfigTextException => $"The configuration could not be rendered: {e.Message}",
        DeployInterruptedException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
