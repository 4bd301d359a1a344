namespace Opbx.Asterisk;

/// <summary>The modules Asterisk reloaded, in order; Skipped when no AMI host is configured (files written, nothing sent).</summary>
public sealed record ReloadOutcome(bool Skipped, IReadOnlyList<AsteriskModule> Reloaded)
{
    /// <summary>How many deploys this one reload served: more than 1 when deploys of several organizations came at once.</summary>
    public int SharedBy { get; init; } = 1;
}
