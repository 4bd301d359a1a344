namespace Opbx.Pages.Shared;

/// <summary>Times as people say them: "5 minutes ago", "2 days ago", "in 6 days".</summary>
public static class Ago
{
    public static string Of(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        if (span < TimeSpan.FromMinutes(1)) return "just now";
        return Span(span) + " ago";
    }

    public static string Until(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        if (span < TimeSpan.FromMinutes(1)) return "now";
        return "in " + Span(span);
    }

    // Rounded to the nearest unit: a link valid for 7 days, sent a moment ago, works "in 7 days", not "in 6".
    private static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 59.5 } => Counted.Of(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute", "minutes"),
        { TotalHours: < 23.5 } => Counted.Of((int)Math.Round(span.TotalHours), "hour", "hours"),
        _ => Counted.Of((int)Math.Round(span.TotalDays), "day", "days"),
    };
}
