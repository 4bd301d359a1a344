using Opbx.Asterisk;
using Opbx.Asterisk.Live;

namespace Opbx.Tests.Asterisk.Live;

/// <summary>How channels become calls and contacts become phones in the shared snapshot (pure: AMI answers in, facts out).</summary>
public sealed class AsteriskSnapshotTests
{
    private static ActiveChannel Channel(string name, string uniqueId, string linkedId, string accountCode, string callerId, string exten, int seconds,
        string connected = "") =>
        new(name, uniqueId, linkedId, "Up", "opbx-acme-phones", exten, accountCode, callerId, connected, "Dial", TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Channels_sharing_a_linked_id_are_one_call_attributed_to_the_callers_account_code()
    {
        var snapshot = AsteriskSnapshot.Read(DateTimeOffset.UnixEpoch, "Asterisk 22.10.1", null, null,
        [
            Channel("PJSIP/acme100-1", "1.1", "1.1", "acme", "100", "101", 42),
            Channel("PJSIP/acme101-2", "1.2", "1.1", "acme", "100", "s", 40),
            // An inbound call: the carrier's leg carries the organization's code only once admitted; "did…" is no number.
            Channel("PJSIP/opbx-trunk-x-3", "2.1", "2.1", "", "4930999", "did0123", 65, connected: "200"),
            Channel("PJSIP/beta200-4", "2.2", "2.1", "beta", "4930999", "s", 64),
            Channel("PJSIP/beta201-5", "3.1", "3.1", "beta", "201", "9004930", 5),
        ], []);

        Assert.Equal(3, snapshot.Calls.Count);
        var acme = Assert.Single(snapshot.CallsOf("acme"));
        Assert.Equal(("100", "101", TimeSpan.FromSeconds(42), 2), (acme.From, acme.To, acme.Duration, acme.Channels));
        var beta = snapshot.CallsOf("beta");
        Assert.Equal(2, beta.Count);
        Assert.Equal(("4930999", "200"), (beta[0].From, beta[0].To));
        Assert.Equal(("201", "9004930"), (beta[1].From, beta[1].To));
        Assert.Equal([("beta", 2), ("acme", 1)], snapshot.CallsByAccountCode());
        Assert.Empty(snapshot.CallsOf("other"));
    }

    [Fact]
    public void A_phone_is_online_with_a_reachable_contact_and_trunk_contacts_are_no_phones()
    {
        var snapshot = AsteriskSnapshot.Read(DateTimeOffset.UnixEpoch, null, null, null, [],
        [
            new SipContact("acme100", "acme100", "sip:acme100@192.0.2.7:5062", "Reachable", "Yealink T54W", "192.0.2.7:5062"),
            new SipContact("acme101", "acme101", "sip:acme101@192.0.2.8:5060", "Unreachable", "Snom", "192.0.2.8:5060"),
            new SipContact("opbx-trunk-0a1b", "opbx-trunk-0a1b", "sip:203.0.113.10:5060", "NonQualified", "", ""),
        ]);

        Assert.True(snapshot.Registration("acme100")!.Online);
        Assert.Equal("Yealink T54W", snapshot.Registration("acme100")!.Shown.UserAgent);
        Assert.False(snapshot.Registration("acme101")!.Online);
        Assert.Null(snapshot.Registration("acme102"));
        Assert.Null(snapshot.Registration("opbx-trunk-0a1b"));
        Assert.Equal(1, snapshot.RegisteredPhones);
    }

    [Fact]
    public void Without_AMI_the_snapshot_is_not_connected_and_holds_no_numbers()
    {
        Assert.False(AsteriskSnapshot.NotConfigured.Configured);
        Assert.False(AsteriskSnapshot.NotConfigured.Connected);
        Assert.Empty(AsteriskSnapshot.NotConfigured.Calls);
        var down = AsteriskSnapshot.Unreachable("Connection refused", DateTimeOffset.UnixEpoch);
        Assert.True(down.Configured);
        Assert.False(down.Connected);
        Assert.Equal("Connection refused", down.Problem);
    }
}
