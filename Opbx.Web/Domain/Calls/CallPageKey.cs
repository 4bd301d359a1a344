using System.Globalization;

namespace Opbx.Domain.Calls;

/// <summary>Where a page of call records ends (keyset paging, newest first by (StartedAt, Id)): "&lt;UTC ticks&gt;-&lt;id&gt;".</summary>
public sealed record CallPageKey(long StartedTicks, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StartedTicks}-{Id}");

    public static bool TryParse(string text, out CallPageKey key)
    {
        key = new CallPageKey(0, 0);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || text.Length > 40) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        key = new CallPageKey(ticks, id);
        return true;
    }
}
