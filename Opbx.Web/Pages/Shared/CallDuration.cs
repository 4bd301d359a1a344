namespace Opbx.Pages.Shared;

/// <summary>How long a call has lasted, as phones show it: "0:42", "12:05", "1:02:03".</summary>
public static class CallDuration
{
    public static string Of(TimeSpan duration) => duration.TotalHours >= 1
        ? $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}"
        : $"{duration.Minutes}:{duration.Seconds:00}";
}
