namespace Opbx.Asterisk.Deploys;

/// <summary>
/// What one use of a context has saved for <see cref="DeployInterceptor"/>: the targets of the save under way, and those
/// saved inside a transaction that has not committed yet. It lives on the context (<see cref="Opbx.Data.OpbxDb.PendingDeploys"/>),
/// so the interceptor itself holds nothing and serves every context.
/// </summary>
internal sealed class PendingDeploys
{
    public DeployTargets? Saving { get; set; }
    public DeployTargets AwaitingCommit { get; } = new();
}
