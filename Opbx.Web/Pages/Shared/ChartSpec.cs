using System.Text.Json;
using System.Text.Json.Serialization;

namespace Opbx.Pages.Shared;

/// <summary>One series of a chart: "bar" or "line" (a limit drawn across the bars).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double?> Data, string Kind = "bar");

/// <summary>
/// A chart drawn by the vendored Chart.js from this data, which the page carries as JSON in a <c>script type="application/json"</c>
/// (read by wwwroot/js/charts.js: no inline script, so the strict CSP holds). <see cref="Summary"/> is the canvas's accessible name;
/// the page shows a table of the same figures beside it, which is also what reads without JavaScript.
/// </summary>
public sealed record ChartSpec(string Id, string Summary, string Unit, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, bool Horizontal = false)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The data as JSON; the default encoder escapes &lt;, &gt; and &amp;, so a name cannot end the script element.</summary>
    public string Json => JsonSerializer.Serialize(new { unit = Unit, labels = Labels, horizontal = Horizontal, series = Series }, Options);
}
