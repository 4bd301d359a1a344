namespace Opbx.Domain.Webhooks;

/// <summary>
/// One event for one endpoint, and how sending it went: the delivery log. Retried with backoff until it succeeds or the
/// attempts are used up; "Resend" adds a new delivery of the same event (same event id, so a receiver can tell it is the same).
/// Bookkeeping of the sender, not a change anyone made: not audited (the endpoints are).
/// </summary>
public sealed class WebhookDelivery : IOrganizationOwned
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid EndpointId { get; set; }
    public WebhookEndpoint? Endpoint { get; set; }
    /// <summary>The event's id, derived from what it is about (a call record, a deploy), so it is the same on every delivery.</summary>
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    /// <summary>The JSON body, as signed and sent.</summary>
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due; null once it succeeded, gave up or was cancelled.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? ResponseCode { get; set; }
    public int? DurationMs { get; set; }
    /// <summary>The start of the receiver's answer (at most <see cref="WebhookSender.MaxResponseChars"/> characters).</summary>
    public string? ResponseBody { get; set; }
    /// <summary>Why the last attempt failed without an answer (refused address, timeout, TLS, connection).</summary>
    public string? Error { get; set; }
    /// <summary>A resend: the delivery it repeats.</summary>
    public Guid? ResendOfId { get; set; }
}
