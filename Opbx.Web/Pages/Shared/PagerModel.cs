namespace Opbx.Pages.Shared;

/// <summary>Previous/next links that keep the current filters; htmx swaps just the results.</summary>
/// <param name="Nouns">Singular and plural, e.g. ("entry", "entries").</param>
public sealed record PagerModel(int Page, int Pages, int Total, (string One, string Many) Nouns, string Target, Func<int, string> Url)
{
    public string Count => Counted.Of(Total, Nouns.One, Nouns.Many);
}
