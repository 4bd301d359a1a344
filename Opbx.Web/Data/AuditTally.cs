namespace Opbx.Data;

/// <summary>
/// How many audit entries each organization's log holds, and (in the row of <see cref="Guid.Empty"/>) how many the
/// platform's log shows (entries without an organization, and every organization's except the copies of a person's
/// account changes), kept by triggers on AuditEntries (migration AuditTally): the audit pages and API count hundreds of
/// thousands of entries without reading them. Never written by EF.
/// </summary>
public sealed class AuditTally
{
    /// <summary>The organization whose log is counted; <see cref="Guid.Empty"/> for the platform's log.</summary>
    public Guid OrganizationId { get; set; }
    public int Count { get; set; }
}
