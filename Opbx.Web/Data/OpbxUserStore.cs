using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Opbx.Domain;

namespace Opbx.Data;

/// <summary>
/// Identity's EF store with its two-factor secrets kept safe at rest: the authenticator key is encrypted with ASP.NET Core
/// Data Protection (the keys live in the data folder, not in the database, so a copy of the database alone does not give
/// away anyone's second factor), and recovery codes are kept only as salted PBKDF2 hashes, like passwords.
/// </summary>
public sealed class OpbxUserStore(OpbxDb db, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<Account, OpbxDb, Guid>(db, describer)
{
    // Where Identity's own store keeps these (so the rows stay where an operator would look for them).
    private const string Provider = "[AspNetUserStore]";
    private const string KeyName = "AuthenticatorKey";
    private const string CodesName = "RecoveryCodes";
    private const string EncryptedPrefix = "dp1:";
    private const string HashedPrefix = "h1$";
    private const int Iterations = 10_000;

    private readonly IDataProtector _keys = protection.CreateProtector("Opbx.AuthenticatorKey.v1");

    public override Task SetAuthenticatorKeyAsync(Account user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, KeyName, EncryptedPrefix + _keys.Protect(key), cancellationToken);

    /// <summary>A key stored before encryption was introduced is read as it is, and encrypted at its next change.</summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(Account user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, Provider, KeyName, cancellationToken);
        return stored is not null && stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal) ? _keys.Unprotect(stored[EncryptedPrefix.Length..]) : stored;
    }

    public override Task ReplaceCodesAsync(Account user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, Provider, CodesName, string.Join(';', recoveryCodes.Select(Hash)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(Account user, string code, CancellationToken cancellationToken)
    {
        var codes = await StoredCodesAsync(user, cancellationToken);
        var match = codes.FindIndex(stored => Matches(stored, code));
        if (match < 0) return false;
        codes.RemoveAt(match);
        await SetTokenAsync(user, Provider, CodesName, string.Join(';', codes), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(Account user, CancellationToken cancellationToken) =>
        (await StoredCodesAsync(user, cancellationToken)).Count;

    private async Task<List<string>> StoredCodesAsync(Account user, CancellationToken ct) =>
        ((await GetTokenAsync(user, Provider, CodesName, ct)) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{HashedPrefix}{Convert.ToBase64String(salt)}${Convert.ToBase64String(Derive(code, salt))}";
    }

    /// <summary>Codes stored before hashing was introduced (no prefix) still work once.</summary>
    private static bool Matches(string stored, string code)
    {
        if (!stored.StartsWith(HashedPrefix, StringComparison.Ordinal))
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(code));
        var parts = stored[HashedPrefix.Length..].Split('$');
        return parts.Length == 2
            && CryptographicOperations.FixedTimeEquals(Derive(code, Convert.FromBase64String(parts[0])), Convert.FromBase64String(parts[1]));
    }

    private static byte[] Derive(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
