using System.Globalization;
using System.Text.RegularExpressions;
using Opbx.Domain.Pbx;

namespace Opbx.Domain.Calls;

/// <summary>
/// Filters of the call records, read from text the same way for the page and the API: days <c>from</c>/<c>to</c>
/// (YYYY-MM-DD, UTC, both included), <c>direction</c> (inbound, outbound, internal), <c>extension</c> (an extension
/// number: calls it made or received), <c>number</c> (digits, optionally a leading +: what the caller's or the
/// callee's number ends with), <c>disposition</c> (answered, no_answer, busy, failed, congestion), and the keyset position
/// <c>before</c> (the <see cref="CallPage.Older"/> token of the page before).
/// </summary>
public sealed partial record CallRecordQuery(DateOnly? From, DateOnly? To, CallDirection? Direction, string? Extension, string? Number,
    CallDisposition? Disposition, CallPageKey? Before, int PageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> Directions = ["inbound", "outbound", "internal"];
    public static readonly IReadOnlyList<string> Dispositions = ["answered", "no_answer", "busy", "failed", "congestion"];

    public static CallRecordQuery Parse(string? from, string? to, string? direction, string? extension, string? number, string? disposition,
        string? before, int? pageSize, FieldErrors errors)
    {
        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && f > t) errors.Add("to", $"The period ends before it starts: choose a day on or after {f:yyyy-MM-dd}.");
        CallDirection? dir = null;
        if (!string.IsNullOrWhiteSpace(direction))
        {
            var d = direction.Trim();
            if (Directions.Contains(d, StringComparer.Ordinal)) dir = Enum.Parse<CallDirection>(d, ignoreCase: true);
            else errors.Add("direction", "Use inbound, outbound or internal.");
        }
        string? ext = null;
        if (!string.IsNullOrWhiteSpace(extension))
        {
            if (ExtensionNumber.TryParse(extension, out var n)) ext = n.Value;
            else errors.Add("extension", "An extension number has 2 to 6 digits.");
        }
        string? num = null;
        if (!string.IsNullOrWhiteSpace(number))
        {
            var text = number.Trim();
            if (NumberText().IsMatch(text)) num = text;
            else errors.Add("number", "Type digits (2 to 20), optionally after a +.");
        }
        CallDisposition? disp = null;
        if (!string.IsNullOrWhiteSpace(disposition))
        {
            var d = disposition.Trim();
            if (Dispositions.Contains(d, StringComparer.Ordinal)) disp = Enum.Parse<CallDisposition>(d.Replace("_", ""), ignoreCase: true);
            else errors.Add("disposition", "Use answered, no_answer, busy, failed or congestion.");
        }
        CallPageKey? key = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            if (CallPageKey.TryParse(before.Trim(), out var k)) key = k;
            else errors.Add("before", "Use the \"older\" value of the page before.");
        }
        if (pageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"Use a page size from 1 to {MaxPageSize}.");
        return new CallRecordQuery(fromDay, toDay, dir, ext, num, disp, key, pageSize is >= 1 and <= MaxPageSize ? pageSize.Value : DefaultPageSize);
    }

    private static DateOnly? Day(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(field, "Use a day as YYYY-MM-DD.");
        return null;
    }

    /// <summary>The filters as query-string pairs (for links that keep them), without the page position.</summary>
    public IEnumerable<(string Name, string Value)> Pairs()
    {
        if (From is { } f) yield return ("from", f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (To is { } t) yield return ("to", t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Direction is { } d) yield return ("direction", Names(d));
        if (Extension is { } e) yield return ("extension", e);
        if (Number is { } n) yield return ("number", n);
        if (Disposition is { } p) yield return ("disposition", Names(p));
    }

    public static string Names(CallDirection direction) => direction.ToString().ToLowerInvariant();

    public static string Names(CallDisposition disposition) => disposition switch
    {
        CallDisposition.NoAnswer => "no_answer",
        _ => disposition.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@"\A\+?[0-9]{2,20}\z")]
    private static partial Regex NumberText();
}
