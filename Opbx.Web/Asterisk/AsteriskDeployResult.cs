namespace Opbx.Asterisk;

/// <summary>
/// What a deploy did to Asterisk: the files it changed, the registrations it unregistered, the modules it reloaded, and
/// what Asterisk turned out to hold (null when no AMI host is configured: files written, nothing reloaded or checked).
/// </summary>
public sealed record AsteriskDeployResult(ConfigChanges Changes, IReadOnlyList<string> Unregistered, ReloadOutcome Reload, Verification? Verification)
{
    /// <summary>Asterisk did not load everything, and the previous files were put back: how that went.</summary>
    public AsteriskRollback? Rollback { get; init; }

    /// <summary>False when Asterisk did not load something that was rendered; <see cref="Describe"/> says what.</summary>
    public bool Succeeded => Verification?.IsComplete ?? true;

    /// <summary>Refused, and Asterisk holds the previous state again.</summary>
    public bool RolledBack => !Succeeded && Rollback is { Verification.IsComplete: true };

    public string Describe() =>
        $"{Changes.Written.Count} file(s) written, {Changes.Deleted.Count} deleted, {Changes.Unchanged.Count} unchanged; " +
        (Reload.Skipped ? "Asterisk not connected: nothing reloaded." :
            $"reloaded {(Reload.Reloaded.Count == 0 ? "nothing" : string.Join(", ", Reload.Reloaded.Select(AsteriskReloader.ModuleName)))}" +
            (Reload.SharedBy > 1 && Reload.Reloaded.Count > 0 ? $" once for {Reload.SharedBy} deploys that came together. " : ". ")) +
        (Verification is null ? "" : Verification.Describe()) +
        (Rollback is null ? "" : $" Rolled back: {Rollback.Changes.Written.Count} file(s) restored, {Rollback.Changes.Deleted.Count} deleted; " +
            $"reloaded {(Rollback.Reload.Reloaded.Count == 0 ? "nothing" : string.Join(", ", Rollback.Reload.Reloaded.Select(AsteriskReloader.ModuleName)))}. " +
            (Rollback.Verification.IsComplete ? "Asterisk holds the previous configuration again." : "After the rollback " + Rollback.Verification.Describe()));
}
