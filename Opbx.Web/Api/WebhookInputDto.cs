namespace Opbx.Api;

/// <summary>Registering or changing an endpoint; on PATCH, omitted fields keep their value.</summary>
public sealed record WebhookInputDto(string? Url, IReadOnlyList<string>? Events, bool? Enabled);
