using Opbx.Asterisk;
using Opbx.Domain.Pbx;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Hand-built snapshots for the renderer tests: fixed ids, so the golden files stay the same from run to run. Every
/// text a person could type comes from <see cref="Text"/>, so the injection test can make all of it hostile at once.
/// </summary>
public static class PbxSamples
{
    public const string ConfigDirectory = "/etc/asterisk/opbx";

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    /// <summary>Every sample phone's SIP password; the md5 credential is computed with its own username, as for real.</summary>
    public const string SipPassword = "secret-password-123";

    private static string Md5(string username) => SipCredentials.Md5Credential(username, SipCredentials.Realm, SipPassword);

    /// <summary>
    /// An organization with every feature: live, unassigned and inactive members' extensions, voicemail boxes, ring groups
    /// of each strategy (and one whose only member is inactive), a queue of each strategy, its own trunk (registering) next to a
    /// shared one, numbers on both with every kind of destination, an outbound route with failover and a channel limit, two
    /// emergency numbers.
    /// </summary>
    public static OrganizationPbx Full(Func<string, string>? text = null, Action<Options>? configure = null)
    {
        var t = text ?? (s => s);
        var o = new Options();
        configure?.Invoke(o);
        PbxExtension Ext(int id, string number, string name, bool active = true, bool voicemail = true) =>
            new(Id(id), ExtensionNumber.Parse(number), t(name), active, $"u{id:D9}", SipCredentials.Realm, Md5($"u{id:D9}"), voicemail, "4321");
        var extensions = new List<PbxExtension>
        {
            Ext(101, "101", "Ann Reception"),
            Ext(102, "102", "Bob Porter"),
            Ext(103, "103", "Cleo Night Desk", voicemail: false),
            Ext(104, "104", "Dan Left On Leave", active: false),
            Ext(105, "2001", "Lobby phone"),
        };
        var ownTrunk = new PbxTrunk(Id(301), false, "203.0.113.10", 5060, TrunkTransport.Udp, "acme-hotel", "Carrier-Pass.1", true,
            ["198.51.100.0/28"], 4);
        var sharedTrunk = new PbxTrunk(Id(302), true, "sip.provider.example", 5061, TrunkTransport.Tls, "platform", "x", true, [], 0);
        return new OrganizationPbx(Id(1), o.Key, o.Suspended, o.ConcurrentCalls, o.Voicemail, o.CallTransfer,
            extensions,
            [
                new PbxRingGroup(Id(201), ExtensionNumber.Parse("600"), RingGroupStrategy.Simultaneous, 20, [Id(101), Id(102), Id(104)],
                    Destination.To(DestinationKind.Voicemail, Id(101))),
                new PbxRingGroup(Id(202), ExtensionNumber.Parse("601"), RingGroupStrategy.Sequential, 15, [Id(102), Id(101), Id(103)],
                    Destination.To(DestinationKind.Queue, Id(211))),
                new PbxRingGroup(Id(203), ExtensionNumber.Parse("602"), RingGroupStrategy.RoundRobin, 10, [Id(101), Id(102), Id(103)], Destination.Hangup),
                new PbxRingGroup(Id(204), ExtensionNumber.Parse("603"), RingGroupStrategy.Simultaneous, 20, [Id(104)],
                    Destination.To(DestinationKind.Extension, Id(105))),
            ],
            [
                new PbxQueue(Id(211), ExtensionNumber.Parse("700"), QueueStrategy.RingAll, 15, 120, [Id(101), Id(102), Id(104)],
                    Destination.To(DestinationKind.Voicemail, Id(102))),
                new PbxQueue(Id(212), ExtensionNumber.Parse("701"), QueueStrategy.LeastRecent, 15, 300, [Id(101)], Destination.Hangup),
                new PbxQueue(Id(213), ExtensionNumber.Parse("702"), QueueStrategy.FewestCalls, 20, 300, [Id(102)], Destination.Hangup),
                new PbxQueue(Id(214), ExtensionNumber.Parse("703"), QueueStrategy.Random, 20, 300, [Id(103)], Destination.Hangup),
                new PbxQueue(Id(215), ExtensionNumber.Parse("704"), QueueStrategy.RrMemory, 20, 300, [Id(101), Id(103)], Destination.Hangup),
                new PbxQueue(Id(216), ExtensionNumber.Parse("705"), QueueStrategy.Linear, 20, 600, [Id(103), Id(102), Id(101)],
                    Destination.To(DestinationKind.RingGroup, Id(203))),
            ],
            [ownTrunk, sharedTrunk],
            [
                new PbxDid(Id(401), E164.Parse("+4930100100"), Id(301), Destination.To(DestinationKind.RingGroup, Id(201))),
                new PbxDid(Id(402), E164.Parse("+4930100101"), Id(301), Destination.To(DestinationKind.Extension, Id(104))),
                new PbxDid(Id(403), E164.Parse("+4930200200"), Id(302), Destination.To(DestinationKind.Queue, Id(211))),
                new PbxDid(Id(404), E164.Parse("+4930200201"), Id(302), Destination.To(DestinationKind.Voicemail, Id(101))),
                new PbxDid(Id(405), E164.Parse("+4930200202"), Id(302), Destination.Hangup),
                new PbxDid(Id(406), E164.Parse("+4930300300"), null, Destination.To(DestinationKind.Extension, Id(101))),
            ],
            [
                new PbxOutboundRoute(Id(501),
                    [
                        new PbxDialPattern(DialPattern.Parse("_0[1-9]X."), 1, "+49"),
                        new PbxDialPattern(DialPattern.Parse("_00Z."), 2, "+"),
                    ],
                    [Id(301), Id(302)], E164.Parse("+4930100100")),
                new PbxOutboundRoute(Id(502), [new PbxDialPattern(DialPattern.Parse("_9NXXNXXXXXX"), 1, "")], [Id(302)], null),
            ],
            [
                new PbxEmergencyNumber(Id(601), ExtensionNumber.Parse("112"), E164.Parse("+4930100100"), [Id(302), Id(301)]),
                new PbxEmergencyNumber(Id(602), ExtensionNumber.Parse("110"), E164.Parse("+4930100101"), [Id(302)]),
            ]);
    }

    public sealed class Options
    {
        public string Key { get; set; } = "acme-hotel";
        public bool Suspended { get; set; }
        public int ConcurrentCalls { get; set; } = 5;
        public bool Voicemail { get; set; } = true;
        public bool CallTransfer { get; set; } = true;
    }

    /// <summary>The smallest organization: one phone, no trunks, no numbers, a limit of one call.</summary>
    public static OrganizationPbx Minimal(string key = "corner-shop") => new(Id(2), key, false, 1, false, false,
        [new PbxExtension(Id(111), ExtensionNumber.Parse("10"), "Till", true, "u000000111", SipCredentials.Realm, Md5("u000000111"), false, "0000")],
        [], [], [], [], [], []);

    /// <summary>The platform: the two organizations above, two shared trunks, the numbers on them.</summary>
    public static PlatformPbx Platform() => new(
        ["acme-hotel", "corner-shop"],
        [
            new PbxTrunk(Id(302), true, "sip.provider.example", 5061, TrunkTransport.Tls, "platform", "Provider-Pass.9", true, [], 0),
            new PbxTrunk(Id(303), true, "2001:db8::5", 5060, TrunkTransport.Tcp, null, null, false, ["2001:db8::/64", "192.0.2.7"], 30),
        ],
        [
            new PbxSharedDid(E164.Parse("+4930200200"), "acme-hotel", Id(403)),
            new PbxSharedDid(E164.Parse("+4930200201"), "acme-hotel", Id(404)),
            new PbxSharedDid(E164.Parse("+4930200202"), "acme-hotel", Id(405)),
        ]);
}
