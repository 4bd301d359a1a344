namespace Opbx.Domain.Calls;

/// <summary>
/// One organization's share of one retention run (nightly, or "Run now" by a platform manager): what the run removed and how long
/// it took. Shown on the platform's jobs page; each organization's audit log gets the same counts through the audit mechanism.
/// </summary>
public sealed class RetentionRun : IOrganizationOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>The organization's name at the time, so the jobs page needs no join (and keeps the row readable).</summary>
    public string OrganizationName { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public long DurationMilliseconds { get; set; }
    /// <summary>Who started it: "nightly" or the platform manager's name.</summary>
    public string StartedBy { get; set; } = "";
    /// <summary>Call records older than the organization's cdr_retention_days, removed (with their recordings).</summary>
    public int CallRecordsDeleted { get; set; }
    /// <summary>Recordings older than recording_retention_days removed from records that stay, plus those that went with their record.</summary>
    public int RecordingsDeleted { get; set; }
    /// <summary>Files in the recordings folder that no call record referenced, older than the recording retention.</summary>
    public int OrphanFilesDeleted { get; set; }
    public long BytesFreed { get; set; }
    /// <summary>The run over every organization this is part of (null for runs recorded before runs were grouped).</summary>
    public Guid? SweepId { get; set; }
    /// <summary>Why this organization's share failed (what was deleted before the failure is counted); null when it succeeded.</summary>
    public string? Failure { get; set; }
}
