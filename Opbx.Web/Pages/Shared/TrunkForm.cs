using Opbx.Domain.Pbx;

namespace Opbx.Pages.Shared;

/// <summary>
/// What the trunk fields show, for an organization's own trunk and for a shared one: the input, the inbound addresses one
/// per line (posted as <c>InboundMatch</c>), and whether a password is stored (an empty one keeps it).
/// </summary>
public sealed record TrunkForm(TrunkInput Input, string? InboundMatch, bool HasPassword)
{
    /// <summary>The textarea's lines (or commas) as the domain's list.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
