using System.Text.RegularExpressions;

namespace Opbx.Domain.Pbx;

/// <summary>
/// An Asterisk extension pattern for an outbound route: <c>_</c> then digits, <c>X</c> (0-9), <c>Z</c> (1-9),
/// <c>N</c> (2-9) and digit classes like <c>[2-79]</c>, optionally ending in <c>.</c> (one or more of anything) or
/// <c>!</c> (zero or more). Nothing else, so a pattern can never carry other dialplan syntax.
/// </summary>
public readonly partial record struct DialPattern
{
    private DialPattern(string value, int fixedLength)
    {
        Value = value;
        FixedLength = fixedLength;
    }

    /// <summary>As Asterisk reads it, letters upper case, e.g. <c>_9NXXNXXXXXX</c>.</summary>
    public string Value { get; }

    /// <summary>How many leading characters every match has for sure (the elements before <c>.</c> or <c>!</c>): the most that may be stripped.</summary>
    public int FixedLength { get; }

    public const string Rule =
        "A pattern starts with _ and uses digits, X (0-9), Z (1-9), N (2-9) and classes like [2-7], optionally ending in . or !, like _9NXXNXXXXXX or _00.";

    public static bool TryParse(string? text, out DialPattern pattern)
    {
        pattern = default;
        var value = text?.Trim().ToUpperInvariant();
        if (value is null || value.Length is < 2 or > 40) return false;
        var match = Pattern().Match(value);
        if (!match.Success) return false;
        foreach (Capture element in match.Groups["class"].Captures)
        {
            // A range must go upwards: [5-2] matches nothing.
            for (var i = 0; i + 2 < element.Value.Length; i++)
            {
                if (element.Value[i + 1] == '-' && element.Value[i] > element.Value[i + 2]) return false;
            }
        }
        pattern = new DialPattern(value, match.Groups["element"].Captures.Count);
        return true;
    }

    public static DialPattern Parse(string text) =>
        TryParse(text, out var pattern) ? pattern : throw new FormatException($"\"{text}\" is not a dial pattern. {Rule}");

    public override string ToString() => Value;

    [GeneratedRegex(@"\A_(?<element>[0-9XZN]|(?<class>\[(?:[0-9](?:-[0-9])?)+\]))+[.!]?\z")]
    private static partial Regex Pattern();
}
