namespace Opbx.Api;

/// <summary>
/// The usage alert thresholds ("80, 100": one to five percentages from 1 to 1000) and whether monthly_minutes and storage_gb are hard
/// limits. The same fields and rule as Settings → Usage alerts and limits.
/// </summary>
public sealed record UsageSettingsDto(string? UsageAlertThresholds, bool? MinutesHardLimit, bool? StorageHardLimit);
