namespace Opbx.Domain.Pbx;

/// <summary>The credentials a phone needs, shown on creation and on an explicit "show credentials".</summary>
public sealed record SipAccount(Guid ExtensionId, string Number, string Username, string Password, string Realm, string VoicemailPin);
