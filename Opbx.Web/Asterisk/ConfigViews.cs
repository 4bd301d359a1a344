namespace Opbx.Asterisk;

// What the templates see: plain values only (names built by PbxNames, validated numbers, flags), each item carrying the
// organization-level names it needs so no template climbs to a parent scope. Free text (Name) goes through {{text}}.

internal sealed record DestinationView(string Targets, string? Exten);

internal sealed record ExtensionView(PhoneTemplatesView Templates, string Number, string Endpoint, string Name, string Realm, string Md5,
    string? Mailbox, bool Transfer, bool Voicemail, string VoicemailContext, int RingSeconds);

/// <summary>The organization's PJSIP configuration templates for its phones, and what they set.</summary>
internal sealed record PhoneTemplatesView(string Endpoint, string Auth, string Aor, string Phones, string Pickup, bool Transfer);

internal sealed record TrunkView(string Id, string Endpoint, string Context, string? AccountCode, string? Auth, string Host, bool Ipv6, string Port,
    string Transport, bool TransportParameter, string? Username, string? Password, bool Register, IReadOnlyList<string> Match, string MaxChannels);

internal sealed record EmergencyView(string Key, string Number, string? CallerId, IReadOnlyList<EmergencyTrunkView> Trunks);

internal sealed record EmergencyTrunkView(string Number, string Endpoint);

internal sealed record DialableView(string Number, string Admit, string Targets);

internal sealed record PatternView(string Admit, string Pattern, int Strip, string? CallerId, IReadOnlyList<PatternTrunkView> Trunks);

internal sealed record PatternTrunkView(string Label, string Skip, string Endpoint, int Max, string Prepend, bool Transfer);

internal sealed record RingGroupView(string Number, bool Empty, bool Simultaneous, bool RoundRobin, IReadOnlyList<string> Members, int Count,
    int RingSeconds, bool Transfer, string RoundRobinVariable, DestinationView Fallback);

internal sealed record QueueView(string Number, string Queue, string Strategy, int MemberTimeout, int MaxWait, bool Transfer,
    IReadOnlyList<QueueMemberView> Members, DestinationView Fallback);

internal sealed record QueueMemberView(string Endpoint, string Number);

internal sealed record VoicemailTargetView(string Label, string Number, string VoicemailContext);

internal sealed record DidView(string Label, string Admit, DestinationView Destination);

internal sealed record PrivateDidView(string Number, string Digits, string Inbound, string Label);

internal sealed record MailboxView(string Number, string Pin, string Name);

internal sealed record DialplanView(string Key, string Phones, string Admit, string Targets, string Inbound, string TrunkContext, bool Suspended, int Limit,
    IReadOnlyList<EmergencyView> Emergency, IReadOnlyList<DialableView> Dialable, bool VoicemailMain, string VoicemailContext,
    IReadOnlyList<PatternView> Patterns, IReadOnlyList<ExtensionView> Extensions, IReadOnlyList<RingGroupView> RingGroups,
    IReadOnlyList<QueueView> Queues, IReadOnlyList<VoicemailTargetView> VoicemailTargets, IReadOnlyList<DidView> Dids, bool HasPrivateTrunks,
    IReadOnlyList<PrivateDidView> PrivateDids)
{
    /// <summary>A hard minutes limit is reached: the template refuses new outbound calls with an announcement.</summary>
    public bool OutboundBlocked { get; init; }
    /// <summary>A hard storage limit is reached: the template does not start recording.</summary>
    public bool RecordingBlocked { get; init; }
}

internal sealed record PjsipView(string Key, PhoneTemplatesView Templates, IReadOnlyList<ExtensionView> Extensions, IReadOnlyList<TrunkView> Trunks);

internal sealed record QueuesView(string Key, IReadOnlyList<QueueView> Queues);

internal sealed record VoicemailView(string Key, string VoicemailContext, IReadOnlyList<MailboxView> Boxes);

internal sealed record IncludeView(string Path);

internal sealed record SharedDidView(string Number, string Digits, string Inbound, string Label);

internal sealed record TopView(string Self, IReadOnlyList<IncludeView> Organizations, IReadOnlyList<TrunkView> SharedTrunks, IReadOnlyList<SharedDidView> SharedDids);
