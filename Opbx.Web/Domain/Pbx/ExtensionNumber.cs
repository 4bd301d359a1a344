using System.Text.RegularExpressions;

namespace Opbx.Domain.Pbx;

/// <summary>
/// A short number dialled inside an organization: an extension, a ring group, a queue or an emergency number.
/// Digits only, so it can never be read as Asterisk syntax and never collides with a <c>*</c> feature code.
/// </summary>
public readonly partial record struct ExtensionNumber
{
    private ExtensionNumber(string value) => Value = value;

    public string Value { get; }

    public const string Rule = "A number is 2 to 6 digits, like 101.";

    public static bool TryParse(string? text, out ExtensionNumber number)
    {
        var trimmed = text?.Trim();
        var valid = trimmed is not null && Pattern().IsMatch(trimmed);
        number = valid ? new ExtensionNumber(trimmed!) : default;
        return valid;
    }

    public static ExtensionNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"\"{text}\" is not an extension number. {Rule}");

    public override string ToString() => Value;

    [GeneratedRegex(@"\A[0-9]{2,6}\z")]
    private static partial Regex Pattern();
}
