using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Usage;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Usage;

/// <summary>
/// The organization's usage: minutes this month and storage against the limits, charts of minutes and storage per month, and the
/// month-by-month history with the limits of each month. For whoever reads every call (<see cref="AccessRules.ViewUsage"/>).
/// </summary>
[OrgAccess(OrgAccess.Reader)]
public sealed class IndexModel(UsageReport report, OrgContext org) : PageModel
{
    /// <summary>Months drawn in the charts (the table lists every month kept).</summary>
    public const int ChartMonths = 12;

    public UsageSummary Usage { get; private set; } = null!;

    public async Task OnGetAsync() => Usage = await report.ReadAsync(org.Actor, HttpContext.RequestAborted);

    public static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static long Megabytes(long bytes) => bytes / 1_000_000;

    /// <summary>A month's limit as the table shows it: "1,000 (hard)", "none", or "not recorded" before the check kept it.</summary>
    public static string Limit(long? limit, bool hard, string unit) => limit switch
    {
        null => "not recorded",
        <= 0 => "none",
        { } l => $"{Amount.Of(l)} {unit}{(hard ? " (hard)" : "")}",
    };

    /// <summary>The last <see cref="ChartMonths"/> months, oldest first, as the charts draw them.</summary>
    private IReadOnlyList<UsageMonth> Charted => Usage.History.Take(ChartMonths).Reverse().ToList();

    public ChartSpec MinutesChart()
    {
        var months = Charted;
        var peak = months.MaxBy(m => m.Minutes)!;
        return new ChartSpec("minutes-chart",
            $"Billed minutes per month, {MonthName(months[0].Month)} to {MonthName(months[^1].Month)}: most in {MonthName(peak.Month)}, {Amount.Of(peak.Minutes)} minutes; every month is in the table below.",
            "minutes", months.Select(m => m.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToList(),
            [
                new ChartSeries("Minutes", months.Select(m => (double?)m.Minutes).ToList()),
                .. months.Any(m => m.MinutesLimit > 0)
                    ? [new ChartSeries("Limit", months.Select(m => m.MinutesLimit > 0 ? (double?)m.MinutesLimit : null).ToList(), "line")]
                    : Array.Empty<ChartSeries>(),
            ]);
    }

    public ChartSpec StorageChart()
    {
        var months = Charted;
        var peak = months.MaxBy(m => m.StoragePeakBytes)!;
        return new ChartSpec("storage-chart",
            $"Recording storage per month (its peak, in MB), {MonthName(months[0].Month)} to {MonthName(months[^1].Month)}: most in {MonthName(peak.Month)}, {Amount.Of(Megabytes(peak.StoragePeakBytes))} MB; every month is in the table below.",
            "MB", months.Select(m => m.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToList(),
            [
                new ChartSeries("Storage peak", months.Select(m => (double?)Megabytes(m.StoragePeakBytes)).ToList()),
                .. months.Any(m => m.StorageGbLimit > 0)
                    ? [new ChartSeries("Limit", months.Select(m => m.StorageGbLimit > 0 ? (double?)(m.StorageGbLimit * 1_000L) : null).ToList(), "line")]
                    : Array.Empty<ChartSeries>(),
            ]);
    }
}
