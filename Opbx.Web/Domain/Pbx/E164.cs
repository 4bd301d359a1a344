using System.Text.RegularExpressions;

namespace Opbx.Domain.Pbx;

/// <summary>A telephone number in E.164 form: <c>+</c>, a non-zero digit, then 1 to 14 more digits.</summary>
public readonly partial record struct E164
{
    private E164(string value) => Value = value;

    /// <summary>With the leading <c>+</c>, e.g. <c>+4930123456</c>.</summary>
    public string Value { get; }

    /// <summary>Without the <c>+</c>: carriers send either form, and the dialplan answers to both.</summary>
    public string Digits => Value[1..];

    public const string Rule = "A number is in E.164 form: + and 2 to 15 digits, like +4930123456.";

    public static bool TryParse(string? text, out E164 number)
    {
        var trimmed = text?.Trim();
        var valid = trimmed is not null && Pattern().IsMatch(trimmed);
        number = valid ? new E164(trimmed!) : default;
        return valid;
    }

    public static E164 Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"\"{text}\" is not an E.164 number. {Rule}");

    public override string ToString() => Value;

    [GeneratedRegex(@"\A\+[1-9][0-9]{1,14}\z")]
    private static partial Regex Pattern();
}
