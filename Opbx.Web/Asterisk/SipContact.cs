namespace Opbx.Asterisk;

/// <summary>A registered (or statically configured) contact of a PJSIP AOR (AMI ContactList).</summary>
public sealed record SipContact(string Aor, string Endpoint, string Uri, string Status, string UserAgent, string ViaAddress);
