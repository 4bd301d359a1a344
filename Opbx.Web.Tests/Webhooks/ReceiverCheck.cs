using System.Security.Cryptography;
using System.Text;

namespace Opbx.Tests.Webhooks;

/// <summary>
/// What a receiver does, written out as the README tells it (not with Opbx's own signing code): HMAC-SHA256 of
/// "{Opbx-Webhook-Timestamp}.{raw body}" with the secret, hex, compared in constant time with the "v1=" value, and the
/// timestamp within 5 minutes.
/// </summary>
public static class ReceiverCheck
{
    public static bool Verify(string secret, string timestamp, string signature, string body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var t) || Math.Abs(now.ToUnixTimeSeconds() - t) > 300) return false;
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
    }
}
