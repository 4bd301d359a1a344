namespace Opbx.Api;

/// <summary>A webhook endpoint as the API shows it (never its secret).</summary>
public sealed record WebhookDto(Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt);
