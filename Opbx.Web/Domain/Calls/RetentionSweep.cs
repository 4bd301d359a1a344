namespace Opbx.Domain.Calls;

/// <summary>
/// One retention run over every organization (nightly, or "Run now" by a platform manager), with its progress while it runs.
/// At most one is running: a unique index over the running row decides it in the database, so two clicks (or a click and the
/// nightly trigger) cannot both start one. Each organization's share is a <see cref="RetentionRun"/> pointing here.
/// </summary>
public sealed class RetentionSweep
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public RetentionTrigger Trigger { get; set; }
    /// <summary>"nightly" or the platform manager who pressed "Run now".</summary>
    public string StartedBy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public RetentionStatus Status { get; set; } = RetentionStatus.Running;
    public int OrganizationsTotal { get; set; }
    public int OrganizationsDone { get; set; }
    /// <summary>Counts so far (updated with each batch while the run goes on).</summary>
    public int CallRecordsDeleted { get; set; }
    public int RecordingsDeleted { get; set; }
    public long BytesFreed { get; set; }
    /// <summary>The longest single delete transaction of the run (how long it held the write lock), in milliseconds.</summary>
    public long LongestBatchMilliseconds { get; set; }
    public string? Failure { get; set; }

    public bool IsRunning => Status == RetentionStatus.Running;
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
