using System.Text.RegularExpressions;
using Opbx.Asterisk;
using Opbx.Domain;
using Opbx.Domain.Pbx;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Injection-proof by construction: an organization whose every piece of free text is hostile renders to files that mean
/// exactly what a clean organization's mean (same sections, same entries, same values except inside the free text), and
/// anything that is not free text but is not a plain value stops the render.
/// </summary>
public sealed partial class InjectionTests
{
    private static readonly ConfigRenderer Renderer = new();

    /// <summary>Everything Asterisk could read as syntax, plus line breaks of every kind and directives.</summary>
    public static readonly string[] Hostile =
    [
        "Eve\n[evil]\ntype = endpoint\ncontext = opbx-other-phones",
        "Mallory\r\n#include \"/etc/passwd\"",
        "x;comment [s] a=b, (p) \"q\" \\ ${SHELL(rm -rf /)} {y} <z> a&PJSIP/u000000111 | pipe",
        "exten => _X.,1,Dial(PJSIP/${EXTEN})",
        "nul\0byte\u2028line\u2029para\u0085next\u000bvt\u000cff\ttab",
        "#exec /bin/sh",
        "=> 9999,1,Goto(opbx-other-phones,s,1)",
        "\"><script>alert(1)</script>",
        new string('A', 500) + ";tail",
        "Zoë 😀 ,, ;; ]]",
    ];

    private static int _next;

    private static string Hostility(string clean) => Hostile[Interlocked.Increment(ref _next) % Hostile.Length] + clean;

    [Fact]
    public void HostileNamesRenderToTheSameSectionsAndEntriesAsCleanOnes()
    {
        foreach (var (clean, hostile) in new[]
                 {
                     (PbxSamples.Full(), PbxSamples.Full(Hostility)),
                     (PbxSamples.Full(configure: o => o.Suspended = true), PbxSamples.Full(Hostility, o => o.Suspended = true)),
                     (PbxSamples.Full() with { Recording = Recording(RecordingConsentMode.OptOut) },
                         PbxSamples.Full(Hostility) with { Recording = Recording(RecordingConsentMode.OptOut) }),
                     (PbxSamples.Full() with { Recording = Recording(RecordingConsentMode.Announcement), OutboundBlocked = true },
                         PbxSamples.Full(Hostility) with { Recording = Recording(RecordingConsentMode.Announcement), OutboundBlocked = true }),
                 })
        {
            var cleanFiles = Renderer.RenderOrganization(clean, PbxSamples.ConfigDirectory).Files;
            var hostileFiles = Renderer.RenderOrganization(hostile, PbxSamples.ConfigDirectory).Files;
            Assert.Equal(cleanFiles.Select(f => f.RelativePath), hostileFiles.Select(f => f.RelativePath));
            foreach (var (a, b) in cleanFiles.Zip(hostileFiles))
            {
                var x = ConfParser.Parse(a.Content);
                var y = ConfParser.Parse(b.Content);
                Assert.Equal(x.Directives, y.Directives);
                Assert.Equal(x.Sections.Select(s => (s.Name, s.Template)), y.Sections.Select(s => (s.Name, s.Template)));
                foreach (var (s, t) in x.Sections.Zip(y.Sections))
                {
                    Assert.Equal(s.Entries.Select(e => e.Key), t.Entries.Select(e => e.Key));
                    foreach (var (e, f) in s.Entries.Zip(t.Entries))
                    {
                        if (e.Key == "callerid") Assert.Matches(CallerId(), f.Value);
                        else if (a.RelativePath.EndsWith("voicemail.conf", StringComparison.Ordinal)) Assert.Matches(Mailbox(), f.Value);
                        else Assert.Equal(e.Value, f.Value);
                    }
                }
                // What is left of the hostile text is words inside a value: no line starts anything, no control character is left.
                Assert.DoesNotContain('\0', b.Content);
                Assert.DoesNotContain('\r', b.Content);
            }
        }
    }

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public void FreeTextIsNeutralized(string hostile)
    {
        var text = ConfigText.Neutralize(hostile);
        Assert.True(text.Length <= ConfigText.MaxFreeTextLength);
        Assert.DoesNotContain(text, c => ConfigText.SyntaxCharacters.Contains(c) || char.IsControl(c) || c is '\u2028' or '\u2029');
        Assert.Equal(text.Trim(), text);
    }

    public static TheoryData<string> HostileStrings() => [.. Hostile];

    [Fact]
    public void NamesKeepWhatIsHarmless() => Assert.Equal("Zoë O'Brien 😀 Smith John", ConfigText.Neutralize("  Zoë O'Brien 😀 (Smith, John)  "));

    // Values that are not free text but reached the renderer in a bad form (a tampered database, a bug) stop the render.
    public static TheoryData<string, Func<OrganizationPbx, OrganizationPbx>> Tampered() => new()
    {
        { "organization key", o => o with { Key = "acme\n[evil]" } },
        { "SIP username", o => o with { Extensions = [o.Extensions[0] with { SipUsername = "u1\ncontext = x" }] } },
        { "md5 credential", o => o with { Extensions = [o.Extensions[0] with { Md5Credential = "abc;def" }] } },
        { "realm", o => o with { Extensions = [o.Extensions[0] with { Realm = "opbx\"x" }] } },
        { "trunk password", o => o with { Trunks = [o.Trunks[0] with { Password = "p,ass(word)" }] } },
        { "trunk username", o => o with { Trunks = [o.Trunks[0] with { Username = "user name" }] } },
        { "trunk host", o => o with { Trunks = [o.Trunks[0] with { Host = "evil.example\n[x]" }] } },
        { "trunk match", o => o with { Trunks = [o.Trunks[0] with { Match = ["0.0.0.0/0"] }] } },
        { "recordings folder", o => o with { Recording = new PbxRecording(RecordingConsentMode.None, "/var/lib/opbx/orgs/x/rec)\nexten => 1,1,System(x)") } },
        { "relative recordings folder", o => o with { Recording = new PbxRecording(RecordingConsentMode.None, "orgs/x/recordings") } },
        { "recordings folder going up", o => o with { Recording = new PbxRecording(RecordingConsentMode.None, "/var/lib/opbx/../../etc") } },
        { "recordings folder with a space", o => o with { Recording = new PbxRecording(RecordingConsentMode.None, "/var/lib/opbx data/recordings") } },
        { "prepend", o => o with { OutboundRoutes = [o.OutboundRoutes[0] with { Patterns = [o.OutboundRoutes[0].Patterns[0] with { Prepend = "9&PJSIP/x" }] }] } },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void AnythingElseThatIsNotPlainStopsTheRender(string what, Func<OrganizationPbx, OrganizationPbx> tamper)
    {
        var error = Assert.ThrowsAny<Exception>(() => Renderer.RenderOrganization(tamper(PbxSamples.Full()), PbxSamples.ConfigDirectory));
        Assert.True(error is ConfigTextException, $"{what}: {error.GetType().Name} {error.Message}");
    }

    [Theory]
    [InlineData("etc/asterisk")]
    [InlineData("/etc/asterisk opbx")]
    [InlineData("/etc/asterisk/../../tmp")]
    [InlineData("/etc/\"asterisk\"")]
    [InlineData("/etc/asterisk\n#exec x")]
    public void TheConfigDirectoryMustBeAPlainAbsolutePath(string directory)
    {
        Assert.Throws<ArgumentException>(() => Renderer.RenderTopLevel(PbxSamples.Platform(), directory));
        Assert.Throws<ArgumentException>(() => Renderer.RenderOrganization(PbxSamples.Minimal(), directory));
    }

    [Fact]
    public void AHostileOrganizationKeyStopsTheTopLevelRender() =>
        Assert.Throws<ConfigTextException>(() => Renderer.RenderTopLevel(PbxSamples.Platform() with { OrganizationKeys = ["ok", "bad key"] }, "/etc/opbx"));

    private static PbxRecording Recording(RecordingConsentMode consent) => new(consent, "/var/lib/opbx/orgs/acme-hotel/recordings");

    [GeneratedRegex("\\A\"[^\"\\[\\];=,<>]*\" <[0-9]{2,6}>\\z")]
    private static partial Regex CallerId();

    [GeneratedRegex(@"\A[0-9]{4,10},[^,;\[\]=|]*\z")]
    private static partial Regex Mailbox();
}
