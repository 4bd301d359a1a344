namespace Opbx.Api;

/// <summary>A new endpoint, or one with a new secret: the signing secret in clear, shown this once.</summary>
public sealed record CreatedWebhookDto(WebhookDto Webhook, string Secret);
