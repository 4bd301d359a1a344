namespace Opbx.Asterisk;

/// <summary>A deploy Asterisk refused part of, undone: the previous files written back, reloaded, and what Asterisk then holds.</summary>
public sealed record AsteriskRollback(ConfigChanges Changes, ReloadOutcome Reload, Verification Verification);
