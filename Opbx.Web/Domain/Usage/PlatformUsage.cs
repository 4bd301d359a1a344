namespace Opbx.Domain.Usage;

/// <summary>One organization's usage this month on the platform dashboard, with its limits (0 = none).</summary>
public sealed record OrganizationUsage(Guid OrganizationId, string Name, long Minutes, int MinutesLimit, long StorageBytes, int StorageGbLimit);

/// <summary>Usage across organizations this month: total billed minutes, and the organizations using the most minutes and storage.</summary>
public sealed record PlatformUsage(DateOnly Month, long TotalMinutes, int OrganizationsWithCalls, IReadOnlyList<OrganizationUsage> TopByMinutes,
    IReadOnlyList<OrganizationUsage> TopByStorage);
