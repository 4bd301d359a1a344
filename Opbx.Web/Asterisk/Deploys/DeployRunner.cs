using Microsoft.EntityFrameworkCore;
using Opbx.Asterisk.Ami;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// Runs the queued deploy of an organization (or of the platform) and records how it went: render from the database,
/// write, reload, verify (<see cref="AsteriskDeployer"/>). An organization's deploy writes its folder and the top-level
/// files; the platform's writes the top-level files and every organization's folder, and removes the folders of deleted
/// organizations once no top-level file includes them. Rendering happens inside the deployer's one-at-a-time section
/// and from one database snapshot, so no deploy ever writes data older than the one before it.
/// </summary>
public sealed class DeployRunner(OpbxDb db, PbxSnapshots snapshots, ConfigRenderer renderer, ConfigFolder folder, AsteriskDeployer deployer,
    TimeProvider clock, ILogger<DeployRunner> logger)
{
    /// <summary>Runs the target's queued deploy; null when none is queued (an earlier run already deployed its saves).</summary>
    public async Task<Deploy?> RunAsync(Guid? organizationId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var deploy = await ClaimAsync(organizationId, ct);
        if (deploy is null) return null;
        try
        {
            var result = await deployer.DeployAsync(c => RenderAsync(organizationId, c), ct);
            if (result is null)
            {
                Finish(deploy, DeployStatus.Succeeded, "The organization was deleted; the platform deploy removes its files.", null);
            }
            else
            {
                Finish(deploy, result.Succeeded ? DeployStatus.Succeeded : DeployStatus.Failed, result.Describe(),
                    result.Succeeded ? null : result.Verification?.Describe());
                deploy.FilesWritten = string.Join('\n', result.Changes.Written);
                deploy.FilesDeleted = string.Join('\n', result.Changes.Deleted);
                deploy.ModulesReloaded = string.Join(' ', result.Reload.Reloaded.Select(AsteriskReloader.ModuleName));
                deploy.ReloadSkipped = result.Reload.Skipped;
            }
        }
        catch (Exception e)
        {
            Finish(deploy, DeployStatus.Failed, null, e is OperationCanceledException ? "Opbx stopped during the deploy." : Reason(e));
            await RecordAsync(deploy);
            throw;
        }
        await RecordAsync(deploy);
        if (deploy.Status == DeployStatus.Failed) logger.LogWarning("Deploy {Deploy} failed: {Reason}", deploy.Id, deploy.Failure);
        return deploy;
    }

    private async Task<Deploy?> ClaimAsync(Guid? organizationId, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var deploy = await db.Deploys.Where(d => d.Status == DeployStatus.Queued && d.OrganizationId == organizationId).OrderBy(d => d.QueuedAt).FirstOrDefaultAsync(ct);
        if (deploy is null) return null;
        // From here on a save queues the next deploy instead of joining this one, which may read the data before it.
        deploy.Status = DeployStatus.Running;
        deploy.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return deploy;
    }

    private async Task<ScopedConfig?> RenderAsync(Guid? organizationId, CancellationToken ct)
    {
        await using var snapshot = await ReadSnapshot.BeginAsync(db, ct);
        var platform = await snapshots.PlatformAsync(ct);
        if (organizationId is { } id)
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
        foreach (var organizationIdOfPlatform in await snapshots.OrganizationIdsAsync(ct))
        {
            if (await snapshots.OrganizationAsync(organizationIdOfPlatform, ct) is { } organization) files.AddRange(renderer.RenderOrganization(organization, folder.Root).Files);
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

    /// <summary>Written whatever happened to the caller's token; a deploy deleted meanwhile (with its organization) is simply gone.</summary>
    private Task RecordAsync(Deploy deploy) =>
        db.Deploys.Where(d => d.Id == deploy.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, deploy.Status)
            .SetProperty(d => d.FinishedAt, deploy.FinishedAt)
            .SetProperty(d => d.Summary, deploy.Summary)
            .SetProperty(d => d.Failure, deploy.Failure)
            .SetProperty(d => d.FilesWritten, deploy.FilesWritten)
            .SetProperty(d => d.FilesDeleted, deploy.FilesDeleted)
            .SetProperty(d => d.ModulesReloaded, deploy.ModulesReloaded)
            .SetProperty(d => d.ReloadSkipped, deploy.ReloadSkipped), CancellationToken.None);

    private static string Reason(Exception e) => e switch
    {
        AmiAuthenticationException => $"Asterisk refused Opbx's AMI login: {e.Message}",
        AmiActionException => e.Message,
        AmiException => $"Asterisk could not be reached over AMI: {e.Message} The reload is done by the next deploy.",
        ConfigTextException => $"The configuration could not be rendered: {e.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
