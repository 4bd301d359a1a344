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
    /// <summary>The most recording storage the usage check saw in the month (storage is a level, not a sum: the peak is what was billed).</summary>
    public long StoragePeakBytes { get; set; }
    /// <summary>
    /// The limits in force at the month's last usage check (monthly_minutes, storage_gb; 0 = none set) and whether they were hard, so
    /// the history shows each month against the limits of its time. Null for a month no check ran in (tallied from older records).
    /// </summary>
    public int? MinutesLimit { get; set; }
    public int? StorageGbLimit { get; set; }
    public bool MinutesHardLimit { get; set; }
    public bool StorageHardLimit { get; set; }
}
