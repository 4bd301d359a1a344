namespace Opbx.Domain.Usage;

/// <summary>
/// An e-mail sent to the owners because a metric crossed a threshold in a month; its row is what keeps it from being sent
/// twice (one per organization, month, metric and threshold).
/// </summary>
public sealed class UsageAlert : IOrganizationOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public DateOnly Month { get; set; }
    /// <summary>"monthly_minutes" or "storage_gb".</summary>
    public string Metric { get; set; } = "";
    /// <summary>Percent of the limit.</summary>
    public int Threshold { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public int Recipients { get; set; }
}
