namespace Opbx.Domain.Webhooks;

/// <summary>A new endpoint (or one whose secret was rotated) with its signing secret in clear: shown once.</summary>
public sealed record CreatedWebhook(WebhookEndpoint Endpoint, string Secret);
