namespace Opbx.Domain.Usage;

/// <summary>
/// One month of an organization's usage history: calls and billed minutes, the storage peak, and the limits in force then
/// (null when no usage check ran in that month, so its limits were not recorded; 0 = no limit set).
/// </summary>
public sealed record UsageMonth(DateOnly Month, int Calls, long Minutes, long StoragePeakBytes, int? MinutesLimit, int? StorageGbLimit,
    bool MinutesHardLimit, bool StorageHardLimit);
