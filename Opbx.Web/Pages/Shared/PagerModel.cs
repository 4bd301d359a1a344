namespace Opbx.Pages.Shared;

/// <summary>Previous/next links that keep the current filters; htmx swaps just the results.</summary>
/// <param name="Nouns">Singular and plural, e.g. ("entry", "entries").</param>
public sealed record PagerModel(int Page, int Pages, int Total, (string One, string Many) Nouns, string Target, Func<int, string> Url)
{
    /// <summary>More than <see cref="Total"/> match, not counted: the pager says so and numbers no last page.</summary>
    public bool Uncounted { get; init; }

    public string Count => (Uncounted ? "More than " : "") + Counted.Of(Total, Nouns.One, Nouns.Many);

    public string Where => Uncounted ? $"page {Amount.Of(Page)}" : $"page {Amount.Of(Page)} of {Amount.Of(Pages)}";
}
