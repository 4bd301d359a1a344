namespace Opbx.Api;

/// <summary>
/// Usage this month against the limits (0 = no limit set; storage in bytes, its limit in decimal GB), whether a hard limit blocks now,
/// and the month-by-month history, newest first.
/// </summary>
public sealed record OrganizationUsageDto(string Month, long Minutes, int MonthlyMinutes, bool MinutesHardLimit, bool OutboundBlocked, long StorageBytes,
    int StorageGb, bool StorageHardLimit, bool RecordingBlocked, IReadOnlyList<int> AlertThresholds, IReadOnlyList<UsageMonthDto> History);
