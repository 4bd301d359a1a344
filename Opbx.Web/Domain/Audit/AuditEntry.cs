namespace Opbx.Domain.Audit;

/// <summary>One recorded change. Append-only: nothing in the product edits or deletes entries.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Kept as text so the entry still says who it was after the actor is deleted.</summary>
    public required string Actor { get; set; }
    public Guid? ActorAccountId { get; set; }
    public AuditSource Source { get; set; }
    /// <summary>The client's IP address for web and API changes (through a trusted proxy, the one it reported); null for jobs and the command line.</summary>
    public string? Address { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public required string TargetId { get; set; }
    public string TargetName { get; set; } = "";
    public Guid? OrganizationId { get; set; }
    /// <summary>JSON object: field → { from, to }.</summary>
    public string Changes { get; set; } = "{}";
    public string? Note { get; set; }
}
