namespace Opbx.Asterisk;

/// <summary>An outbound registration to a carrier and its state ("Registered", "Unregistered", "Rejected", …).</summary>
public sealed record OutboundRegistration(string Name, string ServerUri, string ClientUri, string Status);
