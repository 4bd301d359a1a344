namespace Opbx.Api;

/// <summary>
/// The body of POST and PATCH /api/v1/extensions. POST: <c>number</c> is required; an empty <c>sip_password</c> or
/// <c>voicemail_pin</c> is generated. PATCH: omitted fields keep their value; <c>"membership_id": null</c> unassigns.
/// </summary>
public sealed record ExtensionInputDto(string? Number, string? Name, Guid? MembershipId, bool? VoicemailEnabled, string? VoicemailPin, string? SipPassword);
