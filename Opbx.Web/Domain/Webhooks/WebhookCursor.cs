namespace Opbx.Domain.Webhooks;

/// <summary>How far the webhook dispatcher has read a growing table (the call records, by Id): one row per source.</summary>
public sealed class WebhookCursor
{
    public string Name { get; set; } = "";
    public long LastId { get; set; }
}
