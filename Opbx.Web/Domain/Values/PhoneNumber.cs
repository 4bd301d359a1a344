using System.Text.RegularExpressions;

namespace Opbx.Domain.Values;

public static partial class PhoneNumber
{
    public static bool IsValid(string? text) => text is { Length: > 0 and <= 30 } && Pattern().IsMatch(text.Trim());

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]*$")]
    private static partial Regex Pattern();
}
