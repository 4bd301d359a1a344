namespace Opbx.Domain.Webhooks;

/// <summary>How one POST went: the receiver's status code and the start of its answer, or why there was none.</summary>
public sealed record WebhookAttempt(bool Succeeded, int? StatusCode, int DurationMs, string? ResponseBody, string? Error);
