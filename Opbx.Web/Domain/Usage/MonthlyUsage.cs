namespace Opbx.Domain.Usage;

/// <summary>
/// An organization's calls and billed minutes in one calendar month (UTC), kept up to date by the usage job from the call records
/// as they arrive (by Id, <see cref="UsageCursor"/>), so dashboards read one row per month instead of summing records, and
/// the history stays when retention deletes the records it came from.
/// </summary>
public sealed class MonthlyUsage : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public int Calls { get; set; }
    public long BillSeconds { get; set; }
    /// <summary>Billed minutes: each call's billsec rounded up to the next whole minute (a 61-second call is 2 minutes).</summary>
    public long Minutes { get; set; }
}
