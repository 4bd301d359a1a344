using Opbx.Tests.Pbx;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>A phone's SIP credentials: what it registers and authenticates calls with.</summary>
public sealed record SipAccount(string Username, string Password)
{
    /// <summary>The phone of an extension, with the credentials Opbx gave it.</summary>
    public static SipAccount Of(Opbx.Domain.Pbx.SipAccount extension) => new(extension.Username, extension.Password);

    /// <summary>
    /// Extensions 100 and 101 of <paramref name="org"/> as the phones of a call, without voicemail: these calls need no
    /// mailbox, and a mailbox makes Asterisk send the fresh phone an MWI NOTIFY (uas-answer.xml says how the answerer copes).
    /// </summary>
    public static async Task<(SipAccount A, SipAccount B)> CallerAndCalleeAsync(PbxTestKit org) =>
        (Of(await org.ExtensionAsync("100", voicemail: false)), Of(await org.ExtensionAsync("101", voicemail: false)));
}
