namespace Opbx.Domain.Access;

/// <summary>How many API requests an organization made on one UTC day, for its max_requests_per_day quota.</summary>
public sealed class ApiUsage
{
    public Guid OrganizationId { get; set; }
    public DateOnly Day { get; set; }
    public int Requests { get; set; }
}
