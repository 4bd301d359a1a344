using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk;

/// <summary>
/// The Asterisk side of a deploy, once the configuration is rendered: write the folder (unchanged files untouched),
/// unregister outbound registrations that are going away, reload exactly the modules whose files changed, then check
/// that Asterisk holds every endpoint, AOR, auth, registration, context, queue and mailbox that was rendered. One
/// deploy at a time: Asterisk's reloads are global, and the folder's pending reloads belong to the deploy that wrote them.
/// Deploys that arrive while one runs are taken together when it ends (of many organizations saved in the same moment):
/// each is rendered and written in turn, then they share one reload per module and one check, each judged on its own
/// objects. Connection failures and refused reloads throw (the deploy failed and may be retried: the reload stays owed);
/// objects Asterisk did not load come back in <see cref="AsteriskDeployResult.Verification"/>, and then the previous files
/// are restored, reloaded and verified (<see cref="AsteriskDeployResult.Rollback"/>).
/// </summary>
public sealed class AsteriskDeployer(ConfigFolder folder, AsteriskReloader reloader, AsteriskInspector inspector, AmiClient ami)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly List<Request> _waiting = [];

    /// <param name="config">The rendered files: the whole platform, or with <paramref name="scope"/> one organization's files plus the top-level files.</param>
    /// <param name="scope">The organization's folder (e.g. "orgs/acme") when deploying one organization; see <see cref="ConfigFolder.WriteAsync"/>.</param>
    public async Task<AsteriskDeployResult> DeployAsync(RenderedConfig config, string? scope = null, CancellationToken ct = default) =>
        (await DeployAsync(_ => Task.FromResult<ScopedConfig?>(new ScopedConfig(config, scope)), ct))!;

    /// <summary>
    /// Renders inside the one-deploy-at-a-time section, then deploys what was rendered. What a deploy writes is then never
    /// older than what an earlier deploy wrote: a render read before another deploy's write could undo it (drop a new
    /// organization's #include from the top-level files, say). Null when <paramref name="render"/> finds nothing to deploy.
    /// </summary>
    public async Task<AsteriskDeployResult?> DeployAsync(Func<CancellationToken, Task<ScopedConfig?>> render, CancellationToken ct = default)
    {
        var request = new Request(render);
        lock (_waiting) _waiting.Add(request);
        try
        {
            await _oneAtATime.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            lock (_waiting)
            {
                // Not taken by a batch yet: withdraw it. Taken: its result is on the way, whoever waits for it.
                if (_waiting.Remove(request)) throw;
            }
            // Taken: its result is on the way; the batch runs under its leader's token, and this caller stops waiting at its own.
            return await request.Result.Task.WaitAsync(ct);
        }
        try
        {
            // The deploy that held the section may have taken this one into its batch already.
            if (!request.Result.Task.IsCompleted)
            {
                List<Request> batch;
                lock (_waiting)
                {
                    batch = [.. _waiting];
                    _waiting.Clear();
                }
                await DeployBatchAsync(request, batch, ct);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
        return await request.Result.Task;
    }

    /// <summary>
    /// Runs the batch under the token of <paramref name="leader"/> (the deploy holding the section). Every request of the
    /// batch is completed before this returns, whatever happens: its caller awaits nothing else.
    /// </summary>
    private async Task DeployBatchAsync(Request leader, List<Request> batch, CancellationToken ct)
    {
        var written = new List<Written>();
        try
        {
            foreach (var request in batch)
            {
                // A render or write that throws fails its own deploy; the others of the batch go on (but a stopped leader stops them all).
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (await request.Render(ct) is not { } rendered)
                    {
                        request.Result.TrySetResult(null);
                        continue;
                    }
                    // What Asterisk was given last (the scope's files and the top-level files, as they are on disk): a deploy
                    // Asterisk refuses part of goes back to exactly this.
                    var previous = ami.IsConfigured ? await folder.ReadAsync(rendered.Scope, topLevel: true, ct) : null;
                    written.Add(new Written(request, rendered, previous, await folder.WriteAsync(rendered.Config, rendered.Scope, ct)));
                }
                catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
                {
                    request.Result.TrySetException(e);
                }
            }
            if (written.Count == 0) return;
            if (!ami.IsConfigured)
            {
                foreach (var w in written) w.Request.Result.TrySetResult(new AsteriskDeployResult(w.Changes, [], new ReloadOutcome(Skipped: true, []), null));
                return;
            }
            if (written.Count == 1)
            {
                written[0].Request.Result.TrySetResult(await ApplyOneAsync(written[0], ct));
                return;
            }
            await ApplySharedAsync(written, ct);
        }
        catch (Exception e)
        {
            // A reload refused or Asterisk gone: every deploy of the batch owes it (the folder keeps it owed). The leader
            // stopped (Opbx stopping, or its time bound): the others were not, so they are told whose stop ended them.
            var others = e is OperationCanceledException && ct.IsCancellationRequested
                ? new DeployInterruptedException("The deploy that was running this one together with others was stopped before it finished; " +
                    "what it wrote may not be loaded yet. The next deploy writes and reloads it.", e)
                : e;
            foreach (var request in batch) request.Result.TrySetException(ReferenceEquals(request, leader) ? e : others);
        }
        finally
        {
            // Nothing of the batch may be left waiting: a result never set would hold its deploy "running" for good.
            foreach (var request in batch) request.Result.TrySetException(new InvalidOperationException("The deploy batch ended without a result for this deploy."));
        }
    }

    private async Task<AsteriskDeployResult> ApplyOneAsync(Written w, CancellationToken ct)
    {
        var (unregistered, reload, verification) = await ApplyAsync(w.Changes.RemovedRegistrations, w.Changes.Modules, ExpectedObjects.From(w.Rendered.Config), ct);
        if (verification.IsComplete || w.Previous is null || w.Previous.Files.Count == 0 || w.Changes.IsEmpty) return new AsteriskDeployResult(w.Changes, unregistered, reload, verification);

        // Asterisk did not load part of what was rendered: its phones must not stay without it. Restore the previous
        // files, reload again and check that Asterisk holds that state.
        var restored = await folder.WriteAsync(w.Previous, w.Rendered.Scope, ct);
        var back = await ApplyAsync(restored.RemovedRegistrations, restored.Modules, ExpectedObjects.From(w.Previous), ct);
        return new AsteriskDeployResult(w.Changes, unregistered, reload, verification)
        {
            Rollback = new AsteriskRollback(restored, back.Reload, back.Verification),
        };
    }

    /// <summary>
    /// Several deploys written one after the other: one reload per module for all of them, one look at what Asterisk holds,
    /// each deploy judged on its own objects. When any of them is missing something, the batch is undone (each deploy's
    /// previous files restored, newest first, so the folder is back where the batch began) and every deploy is applied
    /// again on its own: a broken one rolls back by itself, the good ones are not held back by it.
    /// </summary>
    private async Task ApplySharedAsync(List<Written> batch, CancellationToken ct)
    {
        var modules = batch.SelectMany(w => w.Changes.Modules).ToHashSet();
        var expected = batch.Select(w => ExpectedObjects.From(w.Rendered.Config)).ToList();
        var (unregistered, reload, verification) = await ApplyAsync(batch.SelectMany(w => w.Changes.RemovedRegistrations).Distinct().ToList(), modules,
            ExpectedObjects.Union(expected), ct);
        if (verification.IsComplete)
        {
            var shared = reload with { SharedBy = batch.Count };
            for (var i = 0; i < batch.Count; i++)
            {
                var mine = unregistered.Where(batch[i].Changes.RemovedRegistrations.Contains).ToList();
                batch[i].Request.Result.TrySetResult(new AsteriskDeployResult(batch[i].Changes, mine, shared, verification.Of(expected[i])));
            }
            return;
        }
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (batch[i].Previous is { Files.Count: > 0 } previous) await folder.WriteAsync(previous, batch[i].Rendered.Scope, ct);
        }
        foreach (var w in batch)
        {
            var previous = await folder.ReadAsync(w.Rendered.Scope, topLevel: true, ct);
            var changes = await folder.WriteAsync(w.Rendered.Config, w.Rendered.Scope, ct);
            w.Request.Result.TrySetResult(await ApplyOneAsync(new Written(w.Request, w.Rendered, previous, changes), ct));
        }
    }

    private async Task<(List<string> Unregistered, ReloadOutcome Reload, Verification Verification)> ApplyAsync(
        IEnumerable<string> removedRegistrations, IReadOnlySet<AsteriskModule> modules, ExpectedObjects expected, CancellationToken ct)
    {
        var unregistered = new List<string>();
        foreach (var registration in removedRegistrations)
        {
            if (await reloader.UnregisterAsync(registration, ct: ct)) unregistered.Add(registration);
        }
        var reload = await reloader.ReloadAsync(modules, ct);
        await folder.ReloadedAsync(ct);
        var verification = await inspector.VerifyAsync(expected, ct);
        return (unregistered, reload, verification);
    }

    private sealed record Request(Func<CancellationToken, Task<ScopedConfig?>> Render)
    {
        public TaskCompletionSource<AsteriskDeployResult?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Written(Request Request, ScopedConfig Rendered, RenderedConfig? Previous, ConfigChanges Changes);
}
