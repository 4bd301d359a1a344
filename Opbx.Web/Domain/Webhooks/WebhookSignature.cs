using System.Security.Cryptography;
using System.Text;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// How a delivery is signed (README, Webhooks): HMAC-SHA256 with the endpoint's secret (its UTF-8 bytes, "whsec_…" whole)
/// over "{timestamp}.{body}", where timestamp is the <see cref="TimestampHeader"/> value (Unix seconds) and body the raw
/// request body; sent as "v1=" and lower-case hex in <see cref="SignatureHeader"/>. The timestamp inside the signed text
/// lets a receiver refuse replays of an old delivery.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Opbx-Webhook-Id";
    public const string EventHeader = "Opbx-Webhook-Event";
    public const string TimestampHeader = "Opbx-Webhook-Timestamp";
    public const string SignatureHeader = "Opbx-Webhook-Signature";

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
