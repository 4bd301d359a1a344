using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk;

/// <summary>
/// The Asterisk side of a deploy, once the configuration is rendered: write the folder (unchanged files untouched),
/// unregister outbound registrations that are going away, reload exactly the modules whose files changed, then check
/// that Asterisk holds every endpoint, AOR, auth, registration, context, queue and mailbox that was rendered. One
/// deploy at a time: Asterisk's reloads are global, and the folder's pending reloads belong to the deploy that wrote them.
/// Connection failures and refused reloads throw (the deploy failed and may be retried: the reload stays owed);
/// objects Asterisk did not load come back in <see cref="AsteriskDeployResult.Verification"/>, and then the previous files
/// are restored, reloaded and verified (<see cref="AsteriskDeployResult.Rollback"/>).
/// </summary>
public sealed class AsteriskDeployer(ConfigFolder folder, AsteriskReloader reloader, AsteriskInspector inspector, AmiClient ami)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <param name="config">The rendered files: the whole platform, or with <paramref name="scope"/> one organization's files plus the top-level files.</param>
    /// <param name="scope">The organization's folder (e.g. "orgs/acme") when deploying one organization; see <see cref="ConfigFolder.WriteAsync"/>.</param>
    public async Task<AsteriskDeployResult> DeployAsync(RenderedConfig config, string? scope = null, CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await DeployLockedAsync(config, scope, ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Renders inside the one-deploy-at-a-time section, then deploys what was rendered. What a deploy writes is then never
    /// older than what an earlier deploy wrote: a render read before another deploy's write could undo it (drop a new
    /// organization's #include from the top-level files, say). Null when <paramref name="render"/> finds nothing to deploy.
    /// </summary>
    public async Task<AsteriskDeployResult?> DeployAsync(Func<CancellationToken, Task<ScopedConfig?>> render, CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await render(ct) is { } rendered ? await DeployLockedAsync(rendered.Config, rendered.Scope, ct) : null;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<AsteriskDeployResult> DeployLockedAsync(RenderedConfig config, string? scope, CancellationToken ct)
    {
        // What Asterisk was given last (the scope's files and the top-level files, as they are on disk): a deploy Asterisk
        // refuses part of goes back to exactly this.
        var previous = ami.IsConfigured ? await folder.ReadAsync(scope, topLevel: true, ct) : null;
        var changes = await folder.WriteAsync(config, scope, ct);
        if (!ami.IsConfigured) return new AsteriskDeployResult(changes, [], new ReloadOutcome(Skipped: true, []), null);

        var (unregistered, reload, verification) = await ApplyAsync(config, changes, ct);
        if (verification.IsComplete || previous is null || previous.Files.Count == 0 || changes.IsEmpty) return new AsteriskDeployResult(changes, unregistered, reload, verification);

        // Asterisk did not load part of what was rendered: its phones must not stay without it. Restore the previous
        // files, reload again and check that Asterisk holds that state.
        var restored = await folder.WriteAsync(previous, scope, ct);
        var back = await ApplyAsync(previous, restored, ct);
        return new AsteriskDeployResult(changes, unregistered, reload, verification)
        {
            Rollback = new AsteriskRollback(restored, back.Reload, back.Verification),
        };
    }

    private async Task<(List<string> Unregistered, ReloadOutcome Reload, Verification Verification)> ApplyAsync(RenderedConfig config, ConfigChanges changes, CancellationToken ct)
    {
        var unregistered = new List<string>();
        foreach (var registration in changes.RemovedRegistrations)
        {
            if (await reloader.UnregisterAsync(registration, ct: ct)) unregistered.Add(registration);
        }
        var reload = await reloader.ReloadAsync(changes.Modules, ct);
        await folder.ReloadedAsync(ct);
        var verification = await inspector.VerifyAsync(ExpectedObjects.From(config), ct);
        return (unregistered, reload, verification);
    }
}
