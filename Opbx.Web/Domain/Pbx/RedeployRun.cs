namespace Opbx.Domain.Pbx;

/// <summary>
/// One "Redeploy all" (platform managers): every organization's configuration rendered again, written where it changed,
/// the changed modules reloaded once and what Asterisk loaded checked, with a result per organization
/// (<see cref="RedeployResult"/>). Kept in the database so its progress survives leaving the page (and Opbx restarting:
/// a run that was going then is marked failed at start-up). The counters are the job's bookkeeping.
/// </summary>
public sealed class RedeployRun
{
    public Guid Id { get; set; } = EntityId.New();
    /// <summary>Who started it, kept as text like the audit log's actor.</summary>
    public string RequestedBy { get; set; } = "";
    public RedeployStatus Status { get; set; } = RedeployStatus.Running;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Organizations in the run.</summary>
    public int Total { get; set; }
    /// <summary>Organizations rendered so far (the first phase; writing, reloading and checking follow for all at once).</summary>
    public int Rendered { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    /// <summary>What the run did, in one line: files written, modules reloaded.</summary>
    public string? Summary { get; set; }
    /// <summary>Why the run as a whole failed (Asterisk unreachable, a reload refused), when it did.</summary>
    public string? Failure { get; set; }

    public int Done => Succeeded + Failed;
    public bool IsRunning => Status == RedeployStatus.Running;
    public TimeSpan? Duration => FinishedAt is { } finished ? finished - StartedAt : null;
}
