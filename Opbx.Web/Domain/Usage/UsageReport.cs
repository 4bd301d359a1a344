using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Usage;

/// <summary>
/// Reads usage for people and the API: an organization's figures against its limits with its month-by-month history (from
/// <see cref="MonthlyUsage"/>, which outlives the call records retention deletes), and the platform's usage across organizations.
/// Changing the thresholds and hard limits goes through <see cref="OrganizationProfile.UpdateUsageAsync"/> (one validation).
/// </summary>
public sealed class UsageReport(OpbxDb db, TimeProvider clock)
{
    /// <summary>Months of history read at most (ten years).</summary>
    public const int HistoryMonths = 120;

    /// <summary>Organizations listed per "top" table on the platform dashboard.</summary>
    public const int Top = 8;

    /// <summary>The current organization's usage and history, for whoever reads every call (<see cref="AccessRules.ViewUsage"/>).</summary>
    public async Task<UsageSummary> ReadAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.ViewUsage(actor).ThrowIfDenied();
        var id = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");
        var o = await db.Organizations.AsNoTracking().Where(x => x.Id == id).Select(x => new
        {
            x.MonthlyMinutes, x.StorageGb, x.MinutesHardLimit, x.StorageHardLimit, x.OutboundBlocked, x.RecordingBlocked, x.UsageAlertThresholds,
        }).FirstAsync(ct);
        var month = UsageService.MonthOf(clock.GetUtcNow());
        var now = await UsageService.MeteredAsync(db, id, month, ct);
        var rows = await db.MonthlyUsage.AsNoTracking().Where(u => u.OrganizationId == id).OrderByDescending(u => u.Month).Take(HistoryMonths)
            .ToListAsync(ct);
        var history = rows.Select(u => u.Month == month
                // This month's figures and limits are the live ones; the row is at most one usage check behind.
                ? new UsageMonth(u.Month, u.Calls, now.Minutes, Math.Max(u.StoragePeakBytes, now.StorageBytes), o.MonthlyMinutes, o.StorageGb,
                    o.MinutesHardLimit, o.StorageHardLimit)
                : new UsageMonth(u.Month, u.Calls, u.Minutes, u.StoragePeakBytes, u.MinutesLimit, u.StorageGbLimit, u.MinutesHardLimit, u.StorageHardLimit))
            .ToList();
        if (history.Count == 0 || history[0].Month != month)
            history.Insert(0, new UsageMonth(month, 0, now.Minutes, now.StorageBytes, o.MonthlyMinutes, o.StorageGb, o.MinutesHardLimit, o.StorageHardLimit));
        return new UsageSummary(month, now.Minutes, now.StorageBytes, o.MonthlyMinutes, o.StorageGb, o.MinutesHardLimit, o.StorageHardLimit,
            o.OutboundBlocked, o.RecordingBlocked, UsageThresholds.Of(o.UsageAlertThresholds), history);
    }

    /// <summary>
    /// This month across organizations (platform managers): total minutes, and the top organizations by minutes (the (Month, Minutes)
    /// index) and by storage (the month's peak as of the last usage check, one row per organization).
    /// </summary>
    public async Task<PlatformUsage> ForPlatformAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        var month = UsageService.MonthOf(clock.GetUtcNow());
        var totals = await MonthTotals.Run(db, month).FirstOrDefaultAsync(ct);
        var (total, withCalls) = (totals?.Minutes ?? 0, totals?.WithCalls ?? 0);
        var byMinutes = await TopByMinutes.Run(db, month).ToListAsync(ct);
        byMinutes = byMinutes.OrderByDescending(u => u.Minutes).ThenBy(u => u.Name).ToList();
        var byStorage = await TopByStorage.Run(db, month).ToListAsync(ct);
        byStorage = byStorage.OrderByDescending(u => u.StorageBytes).ThenBy(u => u.Name).ToList();
        return new PlatformUsage(month, total, withCalls, byMinutes, byStorage);
    }

    private sealed record MonthTotal(long Minutes, int WithCalls);

    // The platform dashboard's usage statements, compiled once (see CompiledQuery). The top rows are joined to their
    // organization, and the join loses the order: the caller sorts again.
    private static readonly CompiledQuery<DateOnly, MonthTotal> MonthTotals = new((db, month) => db.MonthlyUsage.Where(u => u.Month == month)
        .GroupBy(u => 1).Select(g => new MonthTotal(g.Sum(u => u.Minutes), g.Count(u => u.Calls > 0))).Take(1));

    private static readonly CompiledQuery<DateOnly, OrganizationUsage> TopByMinutes = new((db, month) =>
        db.MonthlyUsage.Where(u => u.Month == month && u.Minutes > 0).OrderByDescending(u => u.Minutes).Take(Top)
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new OrganizationUsage(o.Id, o.Name, u.Minutes, o.MonthlyMinutes, u.StoragePeakBytes, o.StorageGb)));

    private static readonly CompiledQuery<DateOnly, OrganizationUsage> TopByStorage = new((db, month) =>
        db.MonthlyUsage.Where(u => u.Month == month && u.StoragePeakBytes > 0).OrderByDescending(u => u.StoragePeakBytes).Take(Top)
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new OrganizationUsage(o.Id, o.Name, u.Minutes, o.MonthlyMinutes, u.StoragePeakBytes, o.StorageGb)));
}
