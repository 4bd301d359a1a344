namespace Opbx.Domain.Pbx;

/// <summary>An extension as a person fills it in. Empty PIN or password: generated (new) or kept (edit).</summary>
public sealed class ExtensionInput
{
    public string? Number { get; set; }
    public string? Name { get; set; }
    /// <summary>The member whose phone it is; null for a lobby or room phone.</summary>
    public Guid? MembershipId { get; set; }
    public bool VoicemailEnabled { get; set; } = true;
    public string? VoicemailPin { get; set; }
    public string? SipPassword { get; set; }
}
