using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The secrets of the phone system: generates SIP usernames, SIP passwords and voicemail PINs, and keeps passwords and PINs
/// protected with ASP.NET Core Data Protection (keys in the data folder), so a copy of the database alone reveals none of them.
/// </summary>
public sealed class SipCredentials(IDataProtectionProvider protection)
{
    /// <summary>The SIP digest realm of every phone's auth; the md5 credential is computed with it.</summary>
    public const string Realm = "opbx";

    public const int MinPasswordLength = 16;
    public const int MaxPasswordLength = 64;

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string LowerAndDigits = Lower + "0123456789";
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private readonly IDataProtector _protector = protection.CreateProtector("Opbx.Pbx.Secrets.v1");

    /// <summary>Ten characters of [a-z0-9] starting with a letter; 26·36⁹ possibilities, and the unique index catches the rest.</summary>
    public static string NewUsername() => RandomNumberGenerator.GetString(Lower, 1) + RandomNumberGenerator.GetString(LowerAndDigits, 9);

    /// <summary>24 characters without look-alikes (about 140 bits), easy to type into a phone.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 24);

    public static string NewPin() => RandomNumberGenerator.GetString("0123456789", 6);

    /// <summary>A password a person gives: 16 to 64 printable ASCII characters, no spaces (phones and provisioning files choke on the rest).</summary>
    public static bool IsAcceptablePassword(string? password) =>
        password is { Length: >= MinPasswordLength and <= MaxPasswordLength } && password.All(c => c is > ' ' and <= '~');

    public static bool IsAcceptablePin(string? pin) => pin is { Length: >= 4 and <= 10 } && pin.All(char.IsAsciiDigit);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Reveal(string stored) => stored.Length == 0 ? "" : _protector.Unprotect(stored);

    /// <summary>What Asterisk's <c>md5_cred</c> holds: md5("username:realm:password"), lower-case hex.</summary>
    public static string Md5Credential(string username, string realm, string password) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}")));

    /// <summary>Gives a new extension its username, a generated password and voicemail PIN (protected).</summary>
    public void Issue(Extension extension)
    {
        extension.SipUsername = NewUsername();
        extension.SipPassword = Protect(NewPassword());
        extension.VoicemailPin = Protect(NewPin());
    }

    /// <summary>A new password, so whoever held the old one (a member who left) can no longer register. Returns it in clear.</summary>
    public string Rotate(Extension extension)
    {
        var password = NewPassword();
        extension.SipPassword = Protect(password);
        return password;
    }
}
