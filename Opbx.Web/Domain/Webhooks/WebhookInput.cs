namespace Opbx.Domain.Webhooks;

/// <summary>An endpoint as an owner fills it in: URL, the events it receives, enabled.</summary>
public sealed class WebhookInput
{
    public string? Url { get; set; }
    public List<string> Events { get; set; } = [.. WebhookEvents.All];
    public bool Enabled { get; set; } = true;
}
