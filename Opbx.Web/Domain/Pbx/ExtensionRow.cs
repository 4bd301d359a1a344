namespace Opbx.Domain.Pbx;

/// <summary>An extension in the list. <see cref="Live"/>: written to Asterisk (no member, or an active member with an active account).</summary>
public sealed record ExtensionRow(Guid Id, string Number, string Name, Guid? MembershipId, string? MemberName, bool Live, bool VoicemailEnabled,
    string SipUsername);
