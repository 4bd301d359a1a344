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

    /// <summary>A month's limit as the table shows it: "1,000 (hard)", "none", or "not recorded" before the check kept it.</summary>
    public static string Limit(long? limit, bool hard, string unit) => limit switch
    {
        null => "not recorded",
        <= 0 => "none",
        { } l => $"{Amount.Of(l)} {unit}{(hard ? " (hard)" : "")}",
    };

    /// <summary>The last <see cref="ChartMonths"/> months, oldest first, as the charts draw them.</summary>
    private IReadOnlyList<UsageMonth> Charted => Usage.History.Take(ChartMonths).Reverse().ToList();

    public ChartSpec MinutesChart() =>
        MonthsChart("minutes-chart", "Billed minutes per month", "minutes", "Minutes", m => m.Minutes, m => m.MinutesLimit);

    public ChartSpec StorageChart() =>
        MonthsChart("storage-chart", "Recording storage per month (its peak, in MB)", "MB", "Storage peak", m => UsageMetric.Megabytes(m.StoragePeakBytes),
            m => m.StorageGbLimit * UsageMetric.MegabytesPerGb);

    /// <summary>
    /// The charted months of one figure as bars, with the month of its peak in the summary, and its limit as a line when any month
    /// had one (a month with no limit, 0, or none recorded has no point).
    /// </summary>
    private ChartSpec MonthsChart(string id, string title, string unit, string label, Func<UsageMonth, long> figure, Func<UsageMonth, long?> limit)
    {
        var months = Charted;
        var peak = months.MaxBy(figure)!;
        return new ChartSpec(id,
            $"{title}, {MonthName(months[0].Month)} to {MonthName(months[^1].Month)}: most in {MonthName(peak.Month)}, {Amount.Of(figure(peak))} {unit}; every month is in the table below.",
            unit, months.Select(m => m.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToList(),
            [
                new ChartSeries(label, months.Select(m => (double?)figure(m)).ToList()),
                .. months.Any(m => limit(m) > 0)
                    ? [new ChartSeries("Limit", months.Select(m => limit(m) > 0 ? (double?)limit(m) : null).ToList(), "line")]
                    : Array.Empty<ChartSeries>(),
            ]);
    }
}
