using System.Security.Cryptography;
using System.Text;

namespace Opbx.Domain.Access;

/// <summary>Random credentials and their stored form: secrets are kept only as SHA-256 hashes and compared in constant time.</summary>
public static class Secrets
{
    public static string NewToken(string prefix, int bytes = 32) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
