using System.Text.RegularExpressions;

namespace Opbx.Domain.Values;

/// <summary>
/// What Opbx takes as an e-mail address. Accounts sign in with theirs (it is also Identity's user name), so the characters
/// before the @ are the ones Identity allows in a user name (<see cref="LocalPartCharacters"/>, given to Identity as its
/// allowed set): an address refused here is refused in Opbx's words, never later in Identity's ("Username … is invalid").
/// Plain ASCII also keeps every address deliverable without SMTPUTF8 (e.g. zoë@example.com is refused).
/// </summary>
public static partial class EmailAddress
{
    public const string LocalPartCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._+";

    /// <summary>The allowed set and the @ that joins it to the domain: Identity's user-name alphabet.</summary>
    public const string Characters = LocalPartCharacters + "@";

    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= 254 } && Pattern().IsMatch(text.Trim());

    [GeneratedRegex(@"^[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex Pattern();
}
