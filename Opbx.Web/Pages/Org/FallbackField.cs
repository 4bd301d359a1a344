namespace Opbx.Pages.Org;

/// <summary>A destination select posted as <c>Fallback</c> (or <see cref="Name"/>), the key its errors come back under.</summary>
public sealed record FallbackField(IReadOnlyList<Choice> Options, string? Value, string Label, string Name = "Fallback");
