namespace Opbx.Api;

/// <summary>One month of history (YYYY-MM) with the limits of that time; null limits: not recorded for that month.</summary>
public sealed record UsageMonthDto(string Month, int Calls, long Minutes, long StoragePeakBytes, int? MonthlyMinutes, bool MinutesHardLimit,
    int? StorageGb, bool StorageHardLimit);
