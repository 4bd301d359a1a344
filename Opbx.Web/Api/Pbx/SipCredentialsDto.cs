using Opbx.Domain.Pbx;

namespace Opbx.Api;

/// <summary>What a phone needs to register; shown when the extension is created and on an explicit, audited request.</summary>
public sealed record SipCredentialsDto(Guid ExtensionId, string Number, string Username, string Password, string Realm, string VoicemailPin)
{
    public static SipCredentialsDto From(SipAccount a) => new(a.ExtensionId, a.Number, a.Username, a.Password, a.Realm, a.VoicemailPin);
}
