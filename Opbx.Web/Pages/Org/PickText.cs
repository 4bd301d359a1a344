using System.Globalization;
using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org;

/// <summary>
/// The words a picker shows and posts for an extension ("301 · Front desk") or a destination ("Queue 700 · Support",
/// "Voicemail of 301 · Ana", "Hang up"), and reading them back: what counts is the kind word and the number, so a person
/// without the suggestions (no script) can simply type "301" or "voicemail 301". The domain then checks what it means.
/// </summary>
public static class PickText
{
    public const string Hangup = "Hang up";

    private static readonly (string Word, DestinationKind Kind)[] Words =
    [
        ("voicemail of ", DestinationKind.Voicemail), ("voicemail ", DestinationKind.Voicemail), ("extension ", DestinationKind.Extension),
        ("ring group ", DestinationKind.RingGroup), ("queue ", DestinationKind.Queue),
    ];

    public static string Extension(string number, string name) => name.Length == 0 ? number : $"{number} · {name}";

    public static string Of(PbxDirectory.Target t) => Of(t.Kind, t.Number, t.Name);

    /// <summary>A destination's words, the same in the pickers, in what they post back and in the lists.</summary>
    public static string Of(DestinationKind kind, string number, string name) => kind switch
    {
        DestinationKind.Extension => "Extension " + Extension(number, name),
        DestinationKind.Voicemail => "Voicemail of " + Extension(number, name),
        DestinationKind.RingGroup => $"Ring group {number} · {name}",
        DestinationKind.Queue => $"Queue {number} · {name}",
        _ => Hangup,
    };

    /// <summary>The kind word at the start of <paramref name="text"/> (none: any kind) and what follows it.</summary>
    public static (DestinationKind? Kind, string Remainder) SplitKind(string? text)
    {
        var t = (text ?? "").Trim();
        foreach (var (word, kind) in Words)
            if (t.StartsWith(word, StringComparison.OrdinalIgnoreCase)) return (kind, t[word.Length..].Trim());
            else if (t.Equals(word.TrimEnd(), StringComparison.OrdinalIgnoreCase)) return (kind, "");
        return (null, t);
    }

    /// <summary>The number a picked or typed text starts with ("301 · Front desk" → 301); null when it starts with no digit.</summary>
    public static string? Number(string? text)
    {
        var t = (text ?? "").Trim();
        var digits = 0;
        while (digits < t.Length && digits < 10 && char.IsAsciiDigit(t[digits])) digits++;
        return digits == 0 || (digits < t.Length && char.IsAsciiDigit(t[digits])) ? null : t[..digits];
    }

    /// <summary>Whether <paramref name="text"/> asks to hang up ("Hang up", "hangup").</summary>
    public static bool IsHangup(string? text) =>
        string.Equals((text ?? "").Replace(" ", "", StringComparison.Ordinal).Trim(), "hangup", StringComparison.OrdinalIgnoreCase);

    /// <summary>The words a member picker shows and posts for a person: "Ana Lopez &lt;ana@example.com&gt;".</summary>
    public static string Member(string name, string email) => $"{name} <{email}>";

    /// <summary>
    /// The e-mail address a picked or typed member text names: the part in angle brackets ("Ana Lopez &lt;ana@…&gt;"), or
    /// the whole text when it is an address typed alone; null otherwise (a name alone can be shared by two people).
    /// </summary>
    public static string? Email(string? text)
    {
        var t = (text ?? "").Trim();
        var open = t.LastIndexOf('<');
        if (open >= 0 && t.EndsWith('>')) t = t[(open + 1)..^1].Trim();
        return t.Contains('@') && !t.Any(char.IsWhiteSpace) && !t.Contains('<') ? t : null;
    }

    /// <summary>Ids posted as such (older forms, scripts) stay ids.</summary>
    public static Guid? Id(string? text) => Guid.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : null;
}
