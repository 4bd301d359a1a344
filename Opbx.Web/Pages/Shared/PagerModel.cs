namespace Opbx.Pages.Shared;

/// <summary>Previous/next links that keep the current filters; htmx swaps just the results.</summary>
public sealed record PagerModel(int Page, int Pages, int Total, string Noun, string Target, Func<int, string> Url);
