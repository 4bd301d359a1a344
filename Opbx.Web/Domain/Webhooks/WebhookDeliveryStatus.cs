namespace Opbx.Domain.Webhooks;

/// <summary>Pending (waiting for its first or next attempt), succeeded (a 2xx answer), failed (attempts used up), cancelled (webhooks or the endpoint turned off).</summary>
public enum WebhookDeliveryStatus { Pending, Succeeded, Failed, Cancelled }
