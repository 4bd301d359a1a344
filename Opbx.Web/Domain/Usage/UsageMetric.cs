namespace Opbx.Domain.Usage;

/// <summary>The two usage metrics with alerts and optional hard limits, by their SPEC names.</summary>
public static class UsageMetric
{
    public const string MonthlyMinutes = "monthly_minutes";
    public const string StorageGb = "storage_gb";

    /// <summary>storage_gb counts decimal gigabytes, as disks and bills do.</summary>
    public const long BytesPerGb = 1_000_000_000;

    /// <summary>Pages and charts show storage in whole decimal megabytes, and a storage_gb limit in the same unit.</summary>
    public const long MegabytesPerGb = 1_000;

    public static long Megabytes(long bytes) => bytes / (BytesPerGb / MegabytesPerGb);

    public static string Words(string metric) => metric == MonthlyMinutes ? "call minutes this month" : "recording storage";
}
