namespace Opbx.Asterisk;

/// <summary>
/// What a <see cref="ConfigFolder.WriteAsync"/> did: files written (new or changed), left alone, and deleted (orphans of
/// organizations no longer rendered); the Asterisk modules to reload (those whose files changed, plus any whose reload
/// is still owed from an earlier write: nothing else); and the outbound registrations that were in the old files and
/// are not in the new ones (unregister these before the reload, which alone would leave them registered at the carrier).
/// After the reload, tell the folder with <see cref="ConfigFolder.ReloadedAsync"/>.
/// </summary>
public sealed record ConfigChanges(
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Deleted,
    IReadOnlySet<AsteriskModule> Modules,
    IReadOnlyList<string> RemovedRegistrations)
{
    /// <summary>Files whose content in the folder was not what Opbx last wrote (edited or deleted by hand), now overwritten.</summary>
    public IReadOnlyList<string> Drifted { get; init; } = [];

    /// <summary>No file was written or deleted (a reload may still be owed: see <see cref="Modules"/>).</summary>
    public bool IsEmpty => Written.Count == 0 && Deleted.Count == 0;
}
