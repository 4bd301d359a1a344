namespace Opbx.Asterisk;

/// <summary>The modules Asterisk reloaded, in order; Skipped when no AMI host is configured (files written, nothing sent).</summary>
public sealed record ReloadOutcome(bool Skipped, IReadOnlyList<AsteriskModule> Reloaded);
