using System.Globalization;
using System.Text.RegularExpressions;
using Opbx.Domain;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// Turns snapshots into Asterisk configuration: pure (no database, no files), the same input always giving the same bytes.
/// <para>Layout: <c>orgs/&lt;key&gt;/{pjsip,extensions,queues,voicemail}.conf</c> per organization, and four top-level files
/// (<c>opbx_pjsip.conf</c>, <c>opbx_extensions.conf</c>, <c>opbx_queues.conf</c>, <c>opbx_voicemail.conf</c>) that an operator
/// includes once and that include every organization's files by absolute path.</para>
/// <para>Dialplan per organization: phones land in <c>opbx-&lt;key&gt;-phones</c>, which holds only the organization's emergency
/// numbers, its own numbers (extensions, ring groups, queues), <c>*97</c> and its outbound patterns. Emergency numbers dial out
/// at once; everything else first passes <c>opbx-&lt;key&gt;-admit</c> (suspended: Hangup(21); then GROUP/GROUP_COUNT against
/// concurrent_calls: early "all circuits busy" and Hangup(34)) and then goes to <c>opbx-&lt;key&gt;-targets</c>. Numbers arrive
/// through <c>opbx-inbound</c> (shared trunks) or <c>opbx-&lt;key&gt;-trunk</c> (the organization's own trunks) into
/// <c>opbx-&lt;key&gt;-inbound</c>, admitted the same way.</para>
/// <para>Room for what comes next: call recording starts in the admit subroutine (once per call, where consent is played);
/// IVR and conference become further target kinds in <c>opbx-&lt;key&gt;-targets</c> and <see cref="DestinationKind"/>; a
/// cdr_custom mapping needs no dialplan (the account code is already on every channel).</para>
/// </summary>
public sealed partial class ConfigRenderer
{
    /// <summary>How long an extension rings before voicemail or the caller hears why not.</summary>
    public const int ExtensionRingSeconds = 30;

    public const string TopPjsip = "opbx_pjsip.conf";
    public const string TopExtensions = "opbx_extensions.conf";
    public const string TopQueues = "opbx_queues.conf";
    public const string TopVoicemail = "opbx_voicemail.conf";

    private static readonly (string File, AsteriskModule Module)[] OrganizationFiles =
    [
        ("pjsip.conf", AsteriskModule.Pjsip), ("extensions.conf", AsteriskModule.Dialplan),
        ("queues.conf", AsteriskModule.Queues), ("voicemail.conf", AsteriskModule.Voicemail),
    ];

    /// <summary>The module that reads a generated file, from its name ("orgs/acme/queues.conf", "opbx_queues.conf" → queues).</summary>
    public static AsteriskModule ModuleOf(string relativePath)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (name.StartsWith("opbx_", StringComparison.Ordinal)) name = name["opbx_".Length..];
        return OrganizationFiles.FirstOrDefault(f => f.File == name) is { File: not null } known
            ? known.Module
            : throw new ArgumentException($"{relativePath} is not a file Opbx generates.", nameof(relativePath));
    }

    /// <summary>The files of an organization's folder, e.g. "orgs/acme/pjsip.conf", each of which the top-level files #include.</summary>
    public static IReadOnlyList<string> OrganizationFilePaths(string key) =>
        OrganizationFiles.Select(f => $"{PbxNames.OrganizationFolder(PbxNames.Key(key))}/{f.File}").ToList();

    /// <summary>The four files of one organization's folder.</summary>
    public RenderedConfig RenderOrganization(OrganizationPbx snapshot, string configDirectory)
    {
        Directory(configDirectory);
        var key = PbxNames.Key(snapshot.Key);
        var model = new OrganizationModel(snapshot, key);
        var folder = PbxNames.OrganizationFolder(key);
        return new RenderedConfig(
        [
            new ConfigFile($"{folder}/pjsip.conf", ConfigTemplates.OrganizationPjsip(model.Pjsip()), AsteriskModule.Pjsip),
            new ConfigFile($"{folder}/extensions.conf", ConfigTemplates.OrganizationExtensions(model.Dialplan()), AsteriskModule.Dialplan),
            new ConfigFile($"{folder}/queues.conf", ConfigTemplates.OrganizationQueues(model.QueuesFile()), AsteriskModule.Queues),
            new ConfigFile($"{folder}/voicemail.conf", ConfigTemplates.OrganizationVoicemail(model.VoicemailFile()), AsteriskModule.Voicemail),
        ]);
    }

    /// <summary>The four top-level files: shared trunks, the shared inbound routing by number, and every organization's files included by absolute path.</summary>
    public RenderedConfig RenderTopLevel(PlatformPbx snapshot, string configDirectory)
    {
        var directory = Directory(configDirectory);
        var keys = snapshot.OrganizationKeys.Select(PbxNames.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var trunks = snapshot.SharedTrunks.OrderBy(t => t.Id).Select(t => Trunk(t, PbxNames.SharedInboundContext, null)).ToList();
        var dids = snapshot.SharedDids.OrderBy(d => d.Number.Value, StringComparer.Ordinal)
            .Select(d => new SharedDidView(d.Number.Value, d.Number.Digits, PbxNames.InboundContext(PbxNames.Key(d.OrganizationKey)), PbxNames.DidLabel(d.DidId)))
            .ToList();
        TopView View(string self, string file) => new($"{directory}/{self}",
            keys.Select(k => new IncludeView($"{directory}/{PbxNames.OrganizationFolder(k)}/{file}")).ToList(), trunks, dids);
        return new RenderedConfig(
        [
            new ConfigFile(TopPjsip, ConfigTemplates.TopPjsip(View(TopPjsip, "pjsip.conf")), AsteriskModule.Pjsip),
            new ConfigFile(TopExtensions, ConfigTemplates.TopExtensions(View(TopExtensions, "extensions.conf")), AsteriskModule.Dialplan),
            new ConfigFile(TopQueues, ConfigTemplates.TopQueues(View(TopQueues, "queues.conf")), AsteriskModule.Queues),
            new ConfigFile(TopVoicemail, ConfigTemplates.TopVoicemail(View(TopVoicemail, "voicemail.conf")), AsteriskModule.Voicemail),
        ]);
    }

    /// <summary>The configuration directory as written into #include lines: absolute (Asterisk resolves relative includes against its own folder), plain.</summary>
    private static string Directory(string configDirectory)
    {
        var directory = configDirectory.TrimEnd('/');
        if (!DirectoryPattern().IsMatch(directory) || directory.Contains("/../", StringComparison.Ordinal) || directory.EndsWith("/..", StringComparison.Ordinal))
            throw new ArgumentException($"The Asterisk config directory must be an absolute path of letters, digits, '.', '_', '-' and '/', not \"{configDirectory}\".",
                nameof(configDirectory));
        return directory;
    }

    private static TrunkView Trunk(PbxTrunk t, string context, string? accountCode)
    {
        var endpoint = PbxNames.TrunkEndpoint(t.Id);
        var hasAuth = !string.IsNullOrEmpty(t.Username) && !string.IsNullOrEmpty(t.Password);
        // Calls from an address-literal carrier host are that trunk's, as are the extra addresses; host names are not
        // resolved here (a name that does not resolve would break the whole identify section).
        var match = (TrunkAddress.NormalizeMatch(t.Host) is { } hostAddress ? [hostAddress] : Array.Empty<string>())
            .Concat(t.Match.Select(m => TrunkAddress.NormalizeMatch(m) ?? throw new ConfigTextException($"Trunk match \"{m}\" is not an address or network.")))
            .Distinct(StringComparer.Ordinal).ToList();
        return new TrunkView(PbxNames.Id(t.Id), endpoint, context, accountCode, hasAuth ? PbxNames.TrunkAuth(t.Id) : null,
            TrunkAddress.IsHost(t.Host) ? t.Host : throw new ConfigTextException($"Trunk host \"{t.Host}\" is not a host name or address."),
            TrunkAddress.IsIpv6(t.Host), TrunkAddress.PortText(t.Port), Names.Of(t.Transport), t.Transport != TrunkTransport.Udp,
            hasAuth ? t.Username : null, hasAuth ? t.Password : null, t.Register && hasAuth, match,
            t.MaxChannels.ToString(CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\A/[A-Za-z0-9_./-]*\z")]
    private static partial Regex DirectoryPattern();

    /// <summary>One organization's snapshot, resolved: which extensions are live, where every destination leads.</summary>
    private sealed class OrganizationModel
    {
        private readonly OrganizationPbx _s;
        private readonly string _key;
        private readonly string _phones, _admit, _targets, _inbound, _trunkContext, _voicemail, _pickup;
        private readonly PhoneTemplatesView _templates;
        private readonly Dictionary<Guid, PbxExtension> _live;
        private readonly Dictionary<Guid, PbxRingGroup> _groups;
        private readonly Dictionary<Guid, PbxQueue> _queues;
        private readonly Dictionary<Guid, PbxTrunk> _trunks;
        private readonly HashSet<Guid> _inLoop;
        private readonly SortedDictionary<string, VoicemailTargetView> _voicemailTargets = new(StringComparer.Ordinal);

        public OrganizationModel(OrganizationPbx snapshot, string key)
        {
            _s = snapshot;
            _key = key;
            _phones = PbxNames.PhonesContext(key);
            _admit = PbxNames.AdmitContext(key);
            _targets = PbxNames.TargetsContext(key);
            _inbound = PbxNames.InboundContext(key);
            _trunkContext = PbxNames.TrunkContext(key);
            _voicemail = PbxNames.VoicemailContext(key);
            _pickup = PbxNames.PickupGroup(key);
            _templates = new PhoneTemplatesView(PbxNames.PhoneEndpointTemplate(key), PbxNames.PhoneAuthTemplate(key), PbxNames.PhoneAorTemplate(key),
                _phones, _pickup, snapshot.CallTransfer);
            // Inactive members' extensions (and any without credentials) are absent everywhere: no endpoint, not dialled, in no group.
            _live = snapshot.Extensions.Where(x => x.Active && x.Md5Credential.Length > 0).ToDictionary(x => x.Id);
            _groups = snapshot.RingGroups.ToDictionary(g => g.Id);
            _queues = snapshot.Queues.ToDictionary(q => q.Id);
            _trunks = snapshot.Trunks.ToDictionary(t => t.Id);
            _inLoop = FallbackLoops();
        }

        private bool VoicemailOn => _s.Voicemail;

        /// <summary>An extension has a voicemail box when the feature is on, its box is switched on and it has a PIN.</summary>
        private bool HasBox(PbxExtension x) => VoicemailOn && x.Voicemail && SipCredentials.IsAcceptablePin(x.VoicemailPin);
        private IEnumerable<PbxExtension> Live => _live.Values.OrderBy(x => x.Number.Value.Length).ThenBy(x => x.Number.Value, StringComparer.Ordinal);

        public PjsipView Pjsip() => new(_key, _templates, Live.Select(Extension).ToList(),
            _s.Trunks.Where(t => !t.Shared).OrderBy(t => t.Id).Select(t => Trunk(t, _trunkContext, _key)).ToList());

        private ExtensionView Extension(PbxExtension x)
        {
            var voicemail = HasBox(x);
            return new ExtensionView(_templates, x.Number.Value, ConfigText.RequirePlain(x.SipUsername, "SIP username"), x.Name,
                ConfigText.RequirePlain(x.Realm, "SIP realm"), ConfigText.RequirePlain(x.Md5Credential, "md5 credential"),
                voicemail ? $"{x.Number.Value}@{_voicemail}" : null, _s.CallTransfer, voicemail, _voicemail, ExtensionRingSeconds);
        }

        public DialplanView Dialplan()
        {
            var groups = _s.RingGroups.OrderBy(g => g.Number.Value, StringComparer.Ordinal).Select(RingGroup).ToList();
            var queues = _s.Queues.OrderBy(q => q.Number.Value, StringComparer.Ordinal).Select(Queue).ToList();
            var dids = _s.Dids.Where(d => d.TrunkId is { } t && _trunks.ContainsKey(t)).OrderBy(d => d.Number.Value, StringComparer.Ordinal).ToList();
            var didViews = dids.Select(d => new DidView(PbxNames.DidLabel(d.Id), _admit, Resolve(d.Destination))).ToList();
            var privateTrunks = _s.Trunks.Any(t => !t.Shared);
            var privateDids = dids.Where(d => !_trunks[d.TrunkId!.Value].Shared)
                .Select(d => new PrivateDidView(d.Number.Value, d.Number.Digits, _inbound, PbxNames.DidLabel(d.Id))).ToList();
            var dialable = Live.Select(x => x.Number.Value).Concat(_s.RingGroups.Select(g => g.Number.Value)).Concat(_s.Queues.Select(q => q.Number.Value))
                .Order(StringComparer.Ordinal).Select(n => new DialableView(n, _admit, _targets)).ToList();
            return new DialplanView(_key, _phones, _admit, _targets, _inbound, _trunkContext, _s.Suspended, _s.ConcurrentCalls,
                _s.EmergencyNumbers.OrderBy(e => e.Number.Value, StringComparer.Ordinal).Select(Emergency).ToList(),
                dialable, _live.Values.Any(HasBox), _voicemail,
                _s.OutboundRoutes.SelectMany(r => r.Patterns.Select(p => (Route: r, Pattern: p)))
                    .OrderBy(x => x.Pattern.Pattern.Value, StringComparer.Ordinal).Select(x => Pattern(x.Route, x.Pattern)).ToList(),
                Live.Select(Extension).ToList(), groups, queues, _voicemailTargets.Values.ToList(), didViews, privateTrunks, privateDids)
            {
                OutboundBlocked = _s.OutboundBlocked,
                RecordingBlocked = _s.RecordingBlocked,
            };
        }

        public QueuesView QueuesFile() => new(_key, _s.Queues.OrderBy(q => q.Number.Value, StringComparer.Ordinal).Select(Queue).ToList());

        public VoicemailView VoicemailFile() =>
            new(_key, _voicemail, Live.Where(HasBox).Select(x => new MailboxView(x.Number.Value, x.VoicemailPin, x.Name)).ToList());

        private EmergencyView Emergency(PbxEmergencyNumber e) => new(_key, e.Number.Value, e.CallerId?.Value,
            e.TrunkIds.Where(_trunks.ContainsKey).Select(t => new EmergencyTrunkView(e.Number.Value, PbxNames.TrunkEndpoint(t))).ToList());

        private PatternView Pattern(PbxOutboundRoute route, PbxDialPattern pattern)
        {
            if (pattern.Strip < 0 || pattern.Strip > pattern.Pattern.FixedLength) throw new ConfigTextException($"Strip {pattern.Strip} does not fit {pattern.Pattern}.");
            if (!OutboundRouteService.IsPrepend(pattern.Prepend)) throw new ConfigTextException($"Prepend \"{pattern.Prepend}\" is not digits.");
            var trunks = route.TrunkIds.Where(_trunks.ContainsKey).ToList();
            var views = trunks.Select((t, i) => new PatternTrunkView($"t{i}", i + 1 < trunks.Count ? $"t{i + 1}" : "failed", PbxNames.TrunkEndpoint(t),
                _trunks[t].MaxChannels, pattern.Prepend, _s.CallTransfer)).ToList();
            return new PatternView(_admit, pattern.Pattern.Value, pattern.Strip, route.CallerId?.Value, views);
        }

        private RingGroupView RingGroup(PbxRingGroup g)
        {
            var members = g.Members.Where(_live.ContainsKey).Select(id => _live[id].SipUsername).ToList();
            return new RingGroupView(g.Number.Value, members.Count == 0, g.Strategy == RingGroupStrategy.Simultaneous, g.Strategy == RingGroupStrategy.RoundRobin,
                members, members.Count, g.RingSeconds, _s.CallTransfer, PbxNames.RoundRobinVariable(g.Id), Fallback(g.Id, g.Fallback));
        }

        private QueueView Queue(PbxQueue q) => new(q.Number.Value, PbxNames.Queue(q.Id), Names.Of(q.Strategy), q.MemberTimeoutSeconds, q.MaxWaitSeconds,
            _s.CallTransfer, q.Members.Where(_live.ContainsKey).Select(id => new QueueMemberView(_live[id].SipUsername, _live[id].Number.Value)).ToList(),
            Fallback(q.Id, q.Fallback));

        private DestinationView Fallback(Guid owner, Destination fallback) =>
            _inLoop.Contains(owner) ? new DestinationView(_targets, null) : Resolve(fallback);

        /// <summary>Where a destination leads in this organization's targets; anything absent (an inactive member's extension, voicemail switched off) hangs up.</summary>
        private DestinationView Resolve(Destination d)
        {
            string? exten = null;
            if (d.TargetId is { } id)
            {
                switch (d.Kind)
                {
                    case DestinationKind.Extension when _live.TryGetValue(id, out var x):
                        exten = x.Number.Value;
                        break;
                    case DestinationKind.RingGroup when _groups.TryGetValue(id, out var g):
                        exten = g.Number.Value;
                        break;
                    case DestinationKind.Queue when _queues.TryGetValue(id, out var q):
                        exten = q.Number.Value;
                        break;
                    case DestinationKind.Voicemail when _live.TryGetValue(id, out var box) && HasBox(box):
                        exten = PbxNames.VoicemailLabel(box.Number.Value);
                        _voicemailTargets[exten] = new VoicemailTargetView(exten, box.Number.Value, _voicemail);
                        break;
                }
            }
            return new DestinationView(_targets, exten);
        }

        /// <summary>Ring groups and queues whose fallbacks lead back to themselves (the services refuse that; a loop would spin in Asterisk): they hang up instead.</summary>
        private HashSet<Guid> FallbackLoops()
        {
            var next = _s.RingGroups.Select(g => (g.Id, g.Fallback)).Concat(_s.Queues.Select(q => (q.Id, q.Fallback)))
                .ToDictionary(x => x.Id, x => x.Fallback);
            var loops = new HashSet<Guid>();
            foreach (var start in next.Keys)
            {
                var seen = new HashSet<Guid> { start };
                var current = next[start];
                while (current.Kind is DestinationKind.RingGroup or DestinationKind.Queue && current.TargetId is { } id && next.ContainsKey(id))
                {
                    if (id == start) { loops.Add(start); break; }
                    if (!seen.Add(id)) break;
                    current = next[id];
                }
            }
            return loops;
        }
    }
}
