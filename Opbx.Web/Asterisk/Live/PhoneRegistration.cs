namespace Opbx.Asterisk.Live;

/// <summary>Where a phone (a PJSIP AOR, named after the extension's SIP username) is registered: its contacts now.</summary>
public sealed record PhoneRegistration(string Aor, IReadOnlyList<SipContact> Contacts)
{
    /// <summary>Registered with at least one contact Asterisk has not found unreachable.</summary>
    public bool Online => Contacts.Any(c => c.Status != "Unreachable");

    /// <summary>The contact to show: a reachable one first.</summary>
    public SipContact Shown => Contacts.OrderBy(c => c.Status == "Unreachable").First();
}
