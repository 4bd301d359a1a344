using System.Text;

namespace Opbx.Domain.Values;

/// <summary>
/// Text that must stay on one line: names of people and organizations, API key and token names, anything that is later
/// written into an e-mail subject, a CSV cell or an Asterisk file. Control characters (C0 and C1, DEL, so also line breaks
/// and tabs) and the Unicode line and paragraph separators are refused, and so is a lone UTF-16 surrogate (not text at all).
/// What is kept is trimmed and NFC-normalised, so "Cafe" + combining acute and "Café" are one and the same name.
/// Every service that takes such text passes it through <see cref="Clean"/>.
/// </summary>
public static class SingleLineText
{
    public const string NotOneLine = "Use one line of text, without line breaks, tabs or other control characters.";
    public const string NotText = "This is not valid text: it has a broken character (a lone UTF-16 surrogate).";

    /// <summary>Why <paramref name="text"/> is not single-line text; null when it is (or is empty).</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return NotText;
            if (char.IsControl(c) || c is '\u2028' or '\u2029') return NotOneLine;
        }
        return null;
    }

    /// <summary>
    /// The text as it is stored: trimmed and NFC-normalised ("" for null). When it is not single-line text, the reason is
    /// added to <paramref name="errors"/> under <paramref name="field"/> and the trimmed input comes back unnormalised.
    /// </summary>
    public static string Clean(string? text, FieldErrors errors, string field)
    {
        if (Problem(text) is { } problem)
        {
            errors.Add(field, problem);
            return text!.Trim();
        }
        return Normalize(text);
    }

    /// <summary>Trimmed and NFC-normalised; only for text <see cref="Problem"/> accepted (normalising a lone surrogate throws).</summary>
    public static string Normalize(string? text) => string.IsNullOrEmpty(text) ? "" : text.Trim().Normalize(NormalizationForm.FormC);
}
