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

    private static string Span(TimeSpan span) => span switch
    {
        { TotalHours: < 1 } => Counted.Of((int)span.TotalMinutes, "minute", "minutes"),
        { TotalDays: < 1 } => Counted.Of((int)span.TotalHours, "hour", "hours"),
        _ => Counted.Of((int)span.TotalDays, "day", "days"),
    };
}
