namespace Opbx.Asterisk;

/// <summary>
/// What a deploy did to Asterisk: the files it changed, the registrations it unregistered, the modules it reloaded, and
/// what Asterisk turned out to hold (null when no AMI host is configured: files written, nothing reloaded or checked).
/// </summary>
public sealed record AsteriskDeployResult(ConfigChanges Changes, IReadOnlyList<string> Unregistered, ReloadOutcome Reload, Verification? Verification)
{
    /// <summary>False when Asterisk did not load something that was rendered; <see cref="Describe"/> says what.</summary>
    public bool Succeeded => Verification?.IsComplete ?? true;

    public string Describe() =>
        $"{Changes.Written.Count} file(s) written, {Changes.Deleted.Count} deleted, {Changes.Unchanged.Count} unchanged; " +
        (Reload.Skipped ? "Asterisk not connected: nothing reloaded." :
            $"reloaded {(Reload.Reloaded.Count == 0 ? "nothing" : string.Join(", ", Reload.Reloaded.Select(AsteriskReloader.ModuleName)))}. ") +
        (Verification is null ? "" : Verification.Describe());
}
