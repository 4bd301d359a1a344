namespace Opbx.Api;

/// <summary>An extension; <c>live</c>: written to Asterisk (no member, or an active member). Never carries the SIP password.</summary>
public sealed record ExtensionDto(Guid Id, string Number, string Name, Guid? MembershipId, string? MemberName, bool Live, bool VoicemailEnabled,
    string SipUsername);
