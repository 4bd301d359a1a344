using System.Text.RegularExpressions;
using Opbx.Asterisk;
using Opbx.Domain.Pbx;

namespace Opbx.Tests.Asterisk;

/// <summary>What the generated configuration promises, checked on the files themselves (no Asterisk needed).</summary>
public sealed partial class RendererTests
{
    private static readonly ConfigRenderer Renderer = new();

    private static Dictionary<string, string> Files(OrganizationPbx organization) =>
        Renderer.RenderOrganization(organization, PbxSamples.ConfigDirectory).Files.ToDictionary(f => f.RelativePath.Split('/')[^1], f => f.Content);

    /// <summary>The dialplan as extension → its lines, per context.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Dialplan(string text)
    {
        var contexts = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var section in ConfParser.Parse(text).Sections)
        {
            var extens = contexts[section.Name] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            List<string>? current = null;
            foreach (var entry in section.Entries)
            {
                if (entry.Key == "exten") extens[entry.Value.Split(',')[0]] = current = [entry.Value];
                else current!.Add(entry.Value);
            }
        }
        return contexts;
    }

    [Fact]
    public void TransportsAreNeverGenerated()
    {
        // Asterisk cannot reload a transport (it needs a restart): they stay in the operator's own pjsip.conf.
        var files = Renderer.RenderOrganization(PbxSamples.Full(), PbxSamples.ConfigDirectory).Files
            .Concat(Renderer.RenderTopLevel(PbxSamples.Platform(), PbxSamples.ConfigDirectory).Files).ToList();
        var pjsip = ExpectedObjects.PjsipObjects(files.Where(f => f.Module == AsteriskModule.Pjsip).Select(f => f.Content));

        Assert.NotEmpty(pjsip["endpoint"]);
        Assert.Empty(pjsip["transport"]);
        Assert.All(files, f => Assert.DoesNotMatch(@"(?im)^\s*type\s*=\s*transport\b", f.Content));
    }

    [Fact]
    public void InactiveMembersExtensionsAreAbsentEverywhere()
    {
        var files = Files(PbxSamples.Full());
        foreach (var (name, content) in files) Assert.False(content.Contains("u000000104", StringComparison.Ordinal), $"{name} mentions the inactive extension");
        var dialplan = Dialplan(files["extensions.conf"]);
        Assert.DoesNotContain("104", dialplan["opbx-acme-hotel-phones"].Keys);
        Assert.DoesNotContain("104", dialplan["opbx-acme-hotel-targets"].Keys);
        // The number that rang it hangs up; the group it was in rings the others.
        Assert.Equal("n,Hangup()", dialplan["opbx-acme-hotel-inbound"]["did00000000000000000000000000000402"][^1]);
        Assert.StartsWith("600,1,Dial(PJSIP/u000000101&PJSIP/u000000102,", dialplan["opbx-acme-hotel-targets"]["600"][0]);
        Assert.DoesNotContain("PJSIP/u000000104", files["queues.conf"]);
    }

    [Fact]
    public void VoicemailOffLeavesNoTraceOfVoicemail()
    {
        var on = Files(PbxSamples.Full());
        Assert.Contains("Voicemail(", on["extensions.conf"]);
        Assert.Contains("[opbx-acme-hotel]", on["voicemail.conf"]);
        foreach (var (name, content) in Files(PbxSamples.Full(configure: o => o.Voicemail = false)))
        {
            foreach (var trace in new[] { "Voicemail(", "VoiceMailMain", "mailboxes", "OPBX_MAILBOX", ",vm1", "[opbx-acme-hotel]" })
                Assert.False(content.Contains(trace, StringComparison.Ordinal), $"{name} still has {trace}");
        }
    }

    [Fact]
    public void TransferOffLeavesNoTransferInCalls()
    {
        var on = Files(PbxSamples.Full());
        Assert.Contains(",t)", on["extensions.conf"]);
        Assert.Contains(",,T)", on["extensions.conf"]);
        var off = Files(PbxSamples.Full(configure: o => o.CallTransfer = false));
        var dials = Regex.Matches(off["extensions.conf"], @"(Dial|Queue)\(([^\n]*)\)").Select(m => m.Value).ToList();
        Assert.NotEmpty(dials);
        Assert.All(dials, d => Assert.DoesNotMatch(@",t\)|,,T\)|,rt,", d));
        Assert.DoesNotContain("allow_transfer = yes", off["pjsip.conf"]);
        Assert.Contains("allow_transfer = no", off["pjsip.conf"]);
    }

    [Fact]
    public void SuspendedOrganizationsRefuseEverythingButEmergencyNumbers()
    {
        var files = Files(PbxSamples.Full(configure: o => o.Suspended = true));
        var dialplan = Dialplan(files["extensions.conf"]);
        Assert.Equal(["s,1,Hangup(21)"], dialplan["opbx-acme-hotel-admit"]["s"]);
        var phones = dialplan["opbx-acme-hotel-phones"];
        // Every number but the emergency ones passes the admit subroutine first; emergency numbers dial straight out.
        foreach (var (exten, lines) in phones)
        {
            if (exten is "110" or "112")
            {
                Assert.DoesNotContain(lines, l => l.Contains("admit", StringComparison.Ordinal));
                Assert.Contains(lines, l => l.Contains($"Dial(PJSIP/{exten}@opbx-trunk-", StringComparison.Ordinal));
            }
            else Assert.Equal($"{exten},1,Gosub(opbx-acme-hotel-admit,s,1)", lines[0]);
        }
        foreach (var (label, lines) in dialplan["opbx-acme-hotel-inbound"]) Assert.Equal($"{label},1,Gosub(opbx-acme-hotel-admit,s,1)", lines[0]);
        // Phones still register (to call emergency numbers).
        Assert.Contains("[u000000101]", files["pjsip.conf"]);
    }

    [Fact]
    public void TheCallLimitCountsTheCallingChannelOnce()
    {
        var admit = Dialplan(Files(PbxSamples.Full(configure: o => o.ConcurrentCalls = 7))["extensions.conf"])["opbx-acme-hotel-admit"]["s"];
        Assert.Equal(
        [
            "s,1,Set(CHANNEL(accountcode)=acme-hotel)",
            "n,Set(GROUP(opbx_calls)=acme-hotel)",
            "n,GotoIf($[${GROUP_COUNT(acme-hotel@opbx_calls)} > 7]?busy)",
            "n,Return()",
            "n(busy),Progress()",
            "n,Playback(all-circuits-busy-now,noanswer)",
            "n,Hangup(34)",
        ], admit);
    }

    [Fact]
    public void AnOrganizationsFilesNameOnlyItsOwnObjects()
    {
        var files = Files(PbxSamples.Full());
        var all = string.Join('\n', files.Values);
        Assert.DoesNotContain("corner-shop", all);
        foreach (var (name, content) in files)
        {
            var conf = ConfParser.Parse(content);
            Assert.Empty(conf.Directives);
            Assert.All(conf.Sections, s => Assert.Matches(Identifier(), s.Name));
            Assert.All(conf.Sections.Where(s => s.Template is not (null or "!")), s => Assert.Matches("^opbx-acme-hotel-phone-(endpoint|auth|aor)$", s.Template!));
            foreach (var entry in conf.Sections.SelectMany(s => s.Entries).Where(e => e.Key is "context" or "accountcode" or "named_call_group" or "named_pickup_group"))
                Assert.Matches(entry.Key == "context" ? "^opbx-acme-hotel-(phones|trunk)$" : "^(opbx-)?acme-hotel$", entry.Value);
        }
        // Every Goto and Gosub in the organization's dialplan stays in its own contexts or the shared helpers.
        foreach (Match jump in Regex.Matches(files["extensions.conf"], @"Go(?:to|sub)\(([^,()]+),"))
            Assert.Matches("^(opbx-acme-hotel-(admit|targets|inbound)|opbx-(dial-failed|trunk-in))$", jump.Groups[1].Value);
    }

    [Fact]
    public void PhonesReachTrunksOnlyThroughValidatedPatterns()
    {
        var organization = PbxSamples.Full();
        var dialplan = Dialplan(Files(organization)["extensions.conf"]);
        var patterns = dialplan["opbx-acme-hotel-phones"].Keys.Where(k => k.StartsWith('_')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(organization.OutboundRoutes.SelectMany(r => r.Patterns).Select(p => p.Pattern.Value).Order(StringComparer.Ordinal), patterns);
        var text = Files(organization)["extensions.conf"];
        Assert.DoesNotContain("${EXTEN}@", text);
        Assert.DoesNotContain("PJSIP/${EXTEN}", text);
        foreach (var pattern in patterns)
        {
            var lines = dialplan["opbx-acme-hotel-phones"][pattern];
            // The dialled digits are checked to be digits only before any Dial; each trunk in order, next on failure.
            var check = lines.FindIndex(l => l.Contains("REGEX(\"^[0-9]+$\" ${OPBX_NUMBER})", StringComparison.Ordinal));
            Assert.True(check > 0 && check < lines.FindIndex(l => l.Contains("Dial(", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void NumbersArriveOnlyWhereTheyBelong()
    {
        var files = Files(PbxSamples.Full());
        var dialplan = Dialplan(files["extensions.conf"]);
        // The organization's own trunk knows its own numbers on it, with and without +, and nothing else.
        Assert.Equal(["+4930100100", "4930100100", "+4930100101", "4930100101"], dialplan["opbx-acme-hotel-trunk"].Keys);
        // A number with no trunk is not routed at all.
        Assert.DoesNotContain("did00000000000000000000000000000406", dialplan["opbx-acme-hotel-inbound"].Keys);
        var top = Dialplan(Renderer.RenderTopLevel(PbxSamples.Platform(), PbxSamples.ConfigDirectory).Files.Single(f => f.RelativePath == "opbx_extensions.conf").Content);
        Assert.Equal(["+4930200200", "4930200200", "+4930200201", "4930200201", "+4930200202", "4930200202"], top["opbx-inbound"].Keys);
        Assert.Contains("context = opbx-acme-hotel-trunk", files["pjsip.conf"]);
        Assert.Contains("identify_by = ip", files["pjsip.conf"]);
    }

    [Fact]
    public void FallbacksThatLeadBackToThemselvesHangUp()
    {
        var organization = PbxSamples.Full();
        var looped = organization with
        {
            RingGroups = [organization.RingGroups[0] with { Fallback = Destination.To(DestinationKind.Queue, PbxSamples.Id(211)) }],
            Queues = [organization.Queues[0] with { Fallback = Destination.To(DestinationKind.RingGroup, PbxSamples.Id(201)) }],
        };
        var targets = Dialplan(Files(looped)["extensions.conf"])["opbx-acme-hotel-targets"];
        Assert.Equal("n,Hangup()", targets["600"][^1]);
        Assert.Equal("n,Hangup()", targets["700"][^1]);
    }

    [Fact]
    public void EveryLineFitsAsterisksLineBuffer()
    {
        var organization = PbxSamples.Full();
        var many = Enumerable.Range(0, 1000).Select(i => new PbxExtension(PbxSamples.Id(10_000 + i), ExtensionNumber.Parse($"{10_000 + i}"),
            new string('N', 200), true, $"x{i:D9}", SipCredentials.Realm, SipCredentials.Md5Credential($"x{i:D9}", SipCredentials.Realm, "p"), true, "1234")).ToList();
        var big = organization with
        {
            Extensions = many,
            RingGroups = [organization.RingGroups[0] with { Members = many.Take(RingGroupService.MaxMembers).Select(x => x.Id).ToList() }],
            Queues = [organization.Queues[0] with { Members = many.Select(x => x.Id).ToList() }],
        };
        foreach (var file in Renderer.RenderOrganization(big, PbxSamples.ConfigDirectory).Files)
            Assert.All(file.Content.Split('\n'), line => Assert.True(line.Length < 8192, $"{file.RelativePath}: a line of {line.Length} characters"));
    }

    [Fact]
    public void TheSameSnapshotRendersTheSameBytes()
    {
        var a = Renderer.RenderOrganization(PbxSamples.Full(), PbxSamples.ConfigDirectory).Files;
        var b = Renderer.RenderOrganization(PbxSamples.Full(), PbxSamples.ConfigDirectory).Files;
        Assert.Equal(a, b);
        Assert.Equal([AsteriskModule.Pjsip, AsteriskModule.Dialplan, AsteriskModule.Queues, AsteriskModule.Voicemail], a.Select(f => f.Module));
    }

    [Fact]
    public void TemplatesNeverWriteUnescapedOutput()
    {
        var names = ConfigTemplates.Names().ToList();
        Assert.Equal(11, names.Count);
        foreach (var name in names)
        {
            var source = ConfigTemplates.Source(name);
            Assert.DoesNotContain("{{{", source);
            Assert.DoesNotContain("{{&", source);
            // The only helpers: text (free text) and pattern (a validated dial pattern).
            foreach (Match helper in Regex.Matches(source, @"\{\{(?!else )([a-z]+) "))
                Assert.Contains(helper.Groups[1].Value, new[] { "text", "pattern" });
        }
    }

    [GeneratedRegex(@"\A[a-z0-9_-]+\z")]
    private static partial Regex Identifier();
}
