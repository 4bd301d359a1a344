using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org;

/// <summary>A list's "3 of 5 used" and its Add button, which is disabled with the reason once the limit is reached.</summary>
public sealed record LimitedAdd(LimitUsage Usage, string Noun, string Href, string Label);
