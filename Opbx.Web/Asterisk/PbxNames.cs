using System.Text.RegularExpressions;

namespace Opbx.Asterisk;

/// <summary>
/// Every name Opbx gives an Asterisk object, made only from [a-z0-9_-]: the organization's key (its slug, server-made and
/// stable), ids (32 hex digits) and validated numbers — never from anything a person typed. Each kind of name has one
/// shape, so two organizations or two objects can never end up with the same name.
/// </summary>
public static partial class PbxNames
{
    // Contexts in the dialplan's one namespace: "opbx-<key>-<suffix>" with a suffix that has no dash, and the global ones
    // below, whose last part is no organization suffix.
    public const string SharedInboundContext = "opbx-inbound";
    public const string TrunkInContext = "opbx-trunk-in";
    public const string DialFailedContext = "opbx-dial-failed";

    /// <summary>GROUP() categories: an organization's calls, and calls per trunk.</summary>
    public const string CallsGroup = "opbx_calls";
    public const string TrunkGroup = "opbx_trunk";

    /// <summary>The organization's key: validated again here, because every name of the organization is built from it.</summary>
    public static string Key(string slug) =>
        KeyPattern().IsMatch(slug) ? slug : throw new ConfigTextException($"Organization key \"{slug}\" is not [a-z0-9-] (at most 48, no leading or trailing dash).");

    public static string Id(Guid id) => id.ToString("N");

    /// <summary>
    /// The file cdr_custom appends CDRs to: a bare name, so it lands in Asterisk's log folder (cdr-custom/) and no path
    /// (which could exceed Asterisk's 80-character section names) goes into the mapping.
    /// </summary>
    public const string CdrFile = "opbx-cdr.csv";

    public static string PhonesContext(string key) => $"opbx-{key}-phones";
    public static string AdmitContext(string key) => $"opbx-{key}-admit";
    public static string TargetsContext(string key) => $"opbx-{key}-targets";
    public static string InboundContext(string key) => $"opbx-{key}-inbound";
    public static string TrunkContext(string key) => $"opbx-{key}-trunk";
    /// <summary>The subroutine that asks for consent and starts recording (present only when the organization records).</summary>
    public static string RecordContext(string key) => $"opbx-{key}-record";

    /// <summary>The organization's voicemail context (voicemail.conf's own namespace) and its named pickup group.</summary>
    public static string VoicemailContext(string key) => $"opbx-{key}";
    public static string PickupGroup(string key) => $"opbx-{key}";

    /// <summary>The organization's PJSIP configuration templates for its phones (config-level names, never objects).</summary>
    public static string PhoneEndpointTemplate(string key) => $"opbx-{key}-phone-endpoint";
    public static string PhoneAuthTemplate(string key) => $"opbx-{key}-phone-auth";
    public static string PhoneAorTemplate(string key) => $"opbx-{key}-phone-aor";

    public static string TrunkEndpoint(Guid trunkId) => $"opbx-trunk-{Id(trunkId)}";
    public static string TrunkAuth(Guid trunkId) => $"opbx-trunk-{Id(trunkId)}-auth";
    public static string Queue(Guid queueId) => $"opbx-queue-{Id(queueId)}";

    /// <summary>Where a number's calls enter the organization's inbound context (extension names ignore dashes, so none here).</summary>
    public static string DidLabel(Guid didId) => $"did{Id(didId)}";

    /// <summary>The target that leaves a message in an extension's box.</summary>
    public static string VoicemailLabel(string number) => $"vm{number}";

    /// <summary>The global variable that remembers where a round-robin group starts next.</summary>
    public static string RoundRobinVariable(Guid groupId) => $"OPBX_RR_{Id(groupId)}";

    public static string OrganizationFolder(string key) => $"orgs/{key}";

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?\z")]
    private static partial Regex KeyPattern();
}
