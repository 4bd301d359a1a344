using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Webhooks;

/// <summary>
/// A second Opbx app for the delivery tests: its receivers are Kestrel servers on loopback over plain http, which the
/// operator options allow here (and only here: the shared app refuses both, as production does). Retries come after
/// 0.3 s, 0.9 s, … so backoff is observable within a test; no SMTP (mail goes to the pickup folder).
/// </summary>
public sealed class WebhookApp : OpbxApp
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(300);
    public const int MaxAttempts = 3;

    public override Task InitializeAsync() => StartAsync(new Dictionary<string, string>
    {
        ["Opbx__Asterisk__DeployDelay"] = "00:00:00.5",
        ["Opbx__Webhooks__AllowHttp"] = "true",
        ["Opbx__Webhooks__AllowPrivateAddresses"] = "true",
        ["Opbx__Webhooks__FirstRetryDelay"] = FirstRetry.ToString(),
        ["Opbx__Webhooks__MaxAttempts"] = MaxAttempts.ToString(),
        ["Opbx__Webhooks__PollInterval"] = "00:00:00.2",
        ["Opbx__Webhooks__Timeout"] = "00:00:05",
    });
}
