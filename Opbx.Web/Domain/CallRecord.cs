namespace Opbx.Domain;

/// <summary>One call detail record read from Asterisk's CDR output.</summary>
public sealed class CallRecord : IOrganizationOwned, IAuditNamed
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";
    public string? CallerName { get; set; }
    public string? CallerEmail { get; set; }
    public Guid? MembershipId { get; set; }
    public int DurationSeconds { get; set; }
    public string Disposition { get; set; } = "";

    public string AuditName => $"{Source} → {Destination}";
}
