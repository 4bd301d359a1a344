using System.Collections.Concurrent;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// The deploys this process is running right now, and the outcomes of those that ended while their outcome could not be
/// written (the database busy or full). <see cref="DeployWatchdog"/> reads both: a deploy recorded as running that is in
/// neither has no run behind it and would otherwise stay "running" for good.
/// </summary>
public sealed class RunningDeploys
{
    private readonly ConcurrentDictionary<Guid, byte> _running = new();
    private readonly ConcurrentDictionary<Guid, Deploy> _unwritten = new();
    // Organizations (Guid.Empty: the platform) with a run going, which schedules its own next try when it waits.
    private readonly ConcurrentDictionary<Guid, int> _targets = new();

    /// <summary>Marks a run for the organization (null: the platform) as going until the returned handle is disposed.</summary>
    public IDisposable RunFor(Guid? organizationId)
    {
        var key = organizationId ?? Guid.Empty;
        _targets.AddOrUpdate(key, 1, (_, n) => n + 1);
        return new Target(this, key);
    }

    private readonly ConcurrentDictionary<Guid, byte> _redeploys = new();

    /// <summary>Marks a "Redeploy all" run as going in this process until the returned handle is disposed.</summary>
    public IDisposable Redeploying(Guid runId)
    {
        _redeploys[runId] = 0;
        return new Redeploy(this, runId);
    }

    public bool IsRedeploying(Guid runId) => _redeploys.ContainsKey(runId);

    public bool HasRunFor(Guid? organizationId) => _targets.TryGetValue(organizationId ?? Guid.Empty, out var n) && n > 0;

    /// <summary>Marks the deploy as run by this process until the returned handle is disposed.</summary>
    public IDisposable Start(Guid deployId)
    {
        _running[deployId] = 0;
        return new Run(this, deployId);
    }

    public bool IsRunning(Guid deployId) => _running.ContainsKey(deployId) || _unwritten.ContainsKey(deployId);

    /// <summary>The deploy ended as <paramref name="deploy"/> says, but that could not be written: kept until it is.</summary>
    public void Unwritten(Deploy deploy) => _unwritten[deploy.Id] = deploy;

    public IReadOnlyList<Deploy> UnwrittenOutcomes => [.. _unwritten.Values];

    public void Written(Guid deployId) => _unwritten.TryRemove(deployId, out _);

    private sealed class Target(RunningDeploys owner, Guid key) : IDisposable
    {
        public void Dispose() => owner._targets.AddOrUpdate(key, 0, (_, n) => n - 1);
    }

    private sealed class Redeploy(RunningDeploys owner, Guid runId) : IDisposable
    {
        public void Dispose() => owner._redeploys.TryRemove(runId, out _);
    }

    private sealed class Run(RunningDeploys owner, Guid deployId) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(deployId, out _);
    }
}
