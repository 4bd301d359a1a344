namespace Opbx.Domain.Webhooks;

/// <summary>The endpoint's host resolved to an address Opbx will not connect to (or to none).</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
