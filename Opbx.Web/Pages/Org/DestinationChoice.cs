using Opbx.Domain;
using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org;

/// <summary>
/// A destination as one select posts it ("hangup", "queue:&lt;id&gt;"): one control instead of a kind and a target that
/// would need script to stay in step. The domain checks what it means; this only splits the value.
/// </summary>
public static class DestinationChoice
{
    public static string Value(Destination d) => d.TargetId is { } id ? $"{Names.Of(d.Kind)}:{id}" : Names.Of(d.Kind);

    /// <summary>The posted value as the domain's input; something unreadable is passed on as it is, so the domain names the mistake.</summary>
    public static DestinationInput? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return new DestinationInput(value, null);
        return new DestinationInput(value[..colon], Guid.TryParse(value[(colon + 1)..], out var id) ? id : null);
    }
}
