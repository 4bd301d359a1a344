namespace Opbx.Domain.Webhooks;

/// <summary>Operator settings for webhook delivery (<c>Opbx:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Plain http endpoints (tests, a receiver on a private network); off: https only.</summary>
    public bool AllowHttp { get; set; }
    /// <summary>Endpoints that resolve to loopback, private, link-local, unique-local or CGNAT addresses; off: refused.</summary>
    public bool AllowPrivateAddresses { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Attempts per delivery before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Wait before the second attempt; each next wait is three times longer (1, 3, 9, … 729 min: about 18 h for 8 attempts).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often new call records and due deliveries are looked for (a deploy or a resend wakes the dispatcher at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
