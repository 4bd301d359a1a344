using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.Routes;

/// <summary>What the outbound route fields show, on New and on the route's page.</summary>
public sealed record RouteForm(OutboundRouteInput Input, IReadOnlyList<PatternRow> Patterns, OrderedPick Trunks, IReadOnlyList<Choice> Numbers)
{
    /// <summary>The lines the form shows: those typed and a few empty ones.</summary>
    public IReadOnlyList<PatternRow> Lines => [.. Patterns, .. Enumerable.Range(0, Math.Max(2, 4 - Patterns.Count)).Select(_ => new PatternRow())];

    public static List<DialPatternInput> ToInput(IEnumerable<PatternRow> rows) =>
        rows.Where(r => !string.IsNullOrWhiteSpace(r.Pattern)).Select(r => new DialPatternInput(r.Pattern!.Trim(), r.Strip ?? 0, r.Prepend)).ToList();

    public static List<PatternRow> FromInput(IEnumerable<DialPatternInput> patterns) =>
        patterns.Select(p => new PatternRow { Pattern = p.Pattern, Strip = p.Strip, Prepend = p.Prepend }).ToList();
}
