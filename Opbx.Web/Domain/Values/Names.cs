using System.Diagnostics.CodeAnalysis;
using Opbx.Domain.Pbx;

namespace Opbx.Domain.Values;

/// <summary>
/// The product's wire names for its enumerations (snake_case, exact case), used by the API,
/// CSV files, the audit log and the UI, so a value is spelled one way everywhere.
/// </summary>
public static class Names
{
    public static string Of(OrgRole role) => role switch
    {
        OrgRole.Owner => "owner",
        OrgRole.PbxAdmin => "pbx_admin",
        OrgRole.PbxUser => "pbx_user",
        _ => "reporter",
    };

    public static string Of(MembershipStatus status) => status == MembershipStatus.Active ? "active" : "inactive";
    public static string Of(OrganizationStatus status) => status == OrganizationStatus.Active ? "active" : "suspended";
    public static string Of(Industry industry) => industry.ToString().ToLowerInvariant();

    public static string Of(RecordingConsentMode mode) => mode switch
    {
        RecordingConsentMode.None => "none",
        RecordingConsentMode.Announcement => "announcement",
        RecordingConsentMode.OptIn => "opt_in",
        _ => "opt_out",
    };

    public static string Of(RingGroupStrategy strategy) => strategy switch
    {
        RingGroupStrategy.Simultaneous => "simultaneous",
        RingGroupStrategy.Sequential => "sequential",
        _ => "round_robin",
    };

    /// <summary>Asterisk app_queue's own names, so the API, the UI and queues.conf say the same.</summary>
    public static string Of(QueueStrategy strategy) => strategy switch
    {
        QueueStrategy.RingAll => "ringall",
        QueueStrategy.LeastRecent => "leastrecent",
        QueueStrategy.FewestCalls => "fewestcalls",
        QueueStrategy.Random => "random",
        QueueStrategy.RrMemory => "rrmemory",
        _ => "linear",
    };

    public static string Of(TrunkTransport transport) => transport switch
    {
        TrunkTransport.Udp => "udp",
        TrunkTransport.Tcp => "tcp",
        _ => "tls",
    };

    public static string Of(DestinationKind kind) => kind switch
    {
        DestinationKind.Hangup => "hangup",
        DestinationKind.Extension => "extension",
        DestinationKind.RingGroup => "ring_group",
        DestinationKind.Queue => "queue",
        _ => "voicemail",
    };

    public static string Of(DeployStatus status) => status switch
    {
        DeployStatus.Queued => "queued",
        DeployStatus.Running => "running",
        DeployStatus.Succeeded => "succeeded",
        DeployStatus.WaitingForAsterisk => "waiting_for_asterisk",
        DeployStatus.RolledBack => "rolled_back",
        DeployStatus.Held => "held",
        _ => "failed",
    };

    public static string Of(DeployTrigger trigger) => trigger switch
    {
        DeployTrigger.Save => "save",
        DeployTrigger.DeployNow => "deploy_now",
        DeployTrigger.RedeployAll => "redeploy_all",
        DeployTrigger.Rollback => "rollback",
        DeployTrigger.Retry => "retry",
        _ => "startup",
    };

    public static readonly IReadOnlyList<RingGroupStrategy> RingGroupStrategies =
        [RingGroupStrategy.Simultaneous, RingGroupStrategy.Sequential, RingGroupStrategy.RoundRobin];
    public static readonly IReadOnlyList<QueueStrategy> QueueStrategies =
        [QueueStrategy.RingAll, QueueStrategy.LeastRecent, QueueStrategy.FewestCalls, QueueStrategy.Random, QueueStrategy.RrMemory, QueueStrategy.Linear];
    public static readonly IReadOnlyList<TrunkTransport> Transports = [TrunkTransport.Udp, TrunkTransport.Tcp, TrunkTransport.Tls];
    public static readonly IReadOnlyList<DestinationKind> DestinationKinds =
        [DestinationKind.Hangup, DestinationKind.Extension, DestinationKind.RingGroup, DestinationKind.Queue, DestinationKind.Voicemail];

    public static bool TryParseRingGroupStrategy(string? text, out RingGroupStrategy strategy) => TryParse(text, RingGroupStrategies, Of, out strategy);
    public static bool TryParseQueueStrategy(string? text, out QueueStrategy strategy) => TryParse(text, QueueStrategies, Of, out strategy);
    public static bool TryParseTransport(string? text, out TrunkTransport transport) => TryParse(text, Transports, Of, out transport);
    public static bool TryParseDestinationKind(string? text, out DestinationKind kind) => TryParse(text, DestinationKinds, Of, out kind);

    public static readonly IReadOnlyList<OrgRole> Roles = [OrgRole.Owner, OrgRole.PbxAdmin, OrgRole.PbxUser, OrgRole.Reporter];
    public static readonly IReadOnlyList<Industry> Industries = [Industry.General, Industry.Hotel, Industry.Hospital];
    public static readonly IReadOnlyList<RecordingConsentMode> ConsentModes =
        [RecordingConsentMode.None, RecordingConsentMode.Announcement, RecordingConsentMode.OptIn, RecordingConsentMode.OptOut];

    public static bool TryParseRole(string? text, out OrgRole role) => TryParse(text, Roles, Of, out role);
    public static bool TryParseIndustry(string? text, out Industry industry) => TryParse(text, Industries, Of, out industry);
    public static bool TryParseConsent(string? text, out RecordingConsentMode mode) => TryParse(text, ConsentModes, Of, out mode);

    public static bool TryParseMembershipStatus(string? text, out MembershipStatus status) =>
        TryParse(text, [MembershipStatus.Active, MembershipStatus.Inactive], Of, out status);

    public static bool TryParseOrganizationStatus(string? text, out OrganizationStatus status) =>
        TryParse(text, [OrganizationStatus.Active, OrganizationStatus.Suspended], Of, out status);

    public static string Label(OrgRole role) => role switch
    {
        OrgRole.Owner => "Owner",
        OrgRole.PbxAdmin => "PBX admin",
        OrgRole.PbxUser => "PBX user",
        _ => "Reporter",
    };

    public static string Label(MembershipStatus status) => status == MembershipStatus.Active ? "Active" : "Inactive";
    public static string Label(OrganizationStatus status) => status == OrganizationStatus.Active ? "Active" : "Suspended";

    public static string Label(Industry industry) => industry switch
    {
        Industry.Hotel => "Hotel",
        Industry.Hospital => "Hospital",
        _ => "General business",
    };

    public static string Label(RecordingConsentMode mode) => mode switch
    {
        RecordingConsentMode.None => "None",
        RecordingConsentMode.Announcement => "Announcement",
        RecordingConsentMode.OptIn => "Opt-in",
        _ => "Opt-out",
    };

    /// <summary>A stored value of an audited field in words ("pbx_user" → "PBX user"); other values as they are.</summary>
    public static string LabelOfValue(string field, string value) => field switch
    {
        "role" when TryParseRole(value, out var r) => Label(r),
        "status" when TryParseMembershipStatus(value, out var s) => Label(s),
        "status" when TryParseOrganizationStatus(value, out var o) => Label(o),
        "industry" when TryParseIndustry(value, out var i) => Label(i),
        "recording_consent_mode" when TryParseConsent(value, out var c) => Label(c),
        _ => value,
    };

    /// <summary>Exact, case-sensitive match: "Owner" is not a role, "owner" is.</summary>
    private static bool TryParse<T>(string? text, IReadOnlyList<T> values, Func<T, string> name, [MaybeNullWhen(false)] out T value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
