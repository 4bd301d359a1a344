namespace Opbx.Domain.Usage;

/// <summary>
/// An organization's metered usage now (minutes this month, storage) against its limits and settings, and its month-by-month history,
/// newest first (the current month included, with live figures).
/// </summary>
public sealed record UsageSummary(DateOnly Month, long Minutes, long StorageBytes, int MinutesLimit, int StorageGbLimit, bool MinutesHardLimit,
    bool StorageHardLimit, bool OutboundBlocked, bool RecordingBlocked, IReadOnlyList<int> AlertThresholds, IReadOnlyList<UsageMonth> History);
