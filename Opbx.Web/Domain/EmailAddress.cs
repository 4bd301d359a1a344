using System.Text.RegularExpressions;

namespace Opbx.Domain;

public static partial class EmailAddress
{
    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= 254 } && Pattern().IsMatch(text.Trim());

    [GeneratedRegex(@"^[^@\s""<>(),;:\\\[\]\p{C}]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex Pattern();
}
