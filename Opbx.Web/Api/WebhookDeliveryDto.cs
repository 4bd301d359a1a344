namespace Opbx.Api;

/// <summary>One delivery of the log: the event, how the last attempt went and when the next one is due.</summary>
public sealed record WebhookDeliveryDto(Guid Id, string EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, int? ResponseCode, int? DurationMs, string? ResponseBody, string? Error,
    Guid? ResendOfId);
