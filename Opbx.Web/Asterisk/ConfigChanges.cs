namespace Opbx.Asterisk;

/// <summary>
/// What a <see cref="ConfigFolder.WriteAsync"/> did: files written (new or changed), left alone, and deleted (orphans of
/// organizations no longer rendered); the Asterisk modules whose files changed (reload these, nothing else); and the
/// outbound registrations that existed in the old files but not in the new ones (unregister these before the reload,
/// which alone would leave them registered at the carrier).
/// </summary>
public sealed record ConfigChanges(
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Deleted,
    IReadOnlySet<AsteriskModule> Modules,
    IReadOnlyList<string> RemovedRegistrations)
{
    public bool IsEmpty => Written.Count == 0 && Deleted.Count == 0;
}
