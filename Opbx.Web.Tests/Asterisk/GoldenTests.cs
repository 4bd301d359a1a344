using Opbx.Asterisk;
using Opbx.Domain;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// The generated Asterisk configuration, file by file, for every resource and feature. Update after an intended change with
/// <c>UPDATE_GOLDEN=1 dotnet test --filter Golden</c> and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly ConfigRenderer Renderer = new();

    [Fact]
    public void EveryResourceAndFeature() => GoldenFiles.Check("full", Renderer.RenderOrganization(PbxSamples.Full(), PbxSamples.ConfigDirectory));

    [Fact]
    public void VoicemailOff() => GoldenFiles.Check("voicemail-off",
        Renderer.RenderOrganization(PbxSamples.Full(configure: o => o.Voicemail = false), PbxSamples.ConfigDirectory));

    [Fact]
    public void TransferOff() => GoldenFiles.Check("transfer-off",
        Renderer.RenderOrganization(PbxSamples.Full(configure: o => o.CallTransfer = false), PbxSamples.ConfigDirectory));

    [Fact]
    public void Suspended() => GoldenFiles.Check("suspended",
        Renderer.RenderOrganization(PbxSamples.Full(configure: o => o.Suspended = true), PbxSamples.ConfigDirectory));

    public const string RecordingsFolder = "/var/lib/opbx/orgs/acme-hotel/recordings";

    [Theory]
    [InlineData(RecordingConsentMode.None, "recording-none")]
    [InlineData(RecordingConsentMode.Announcement, "recording-announcement")]
    [InlineData(RecordingConsentMode.OptIn, "recording-opt-in")]
    [InlineData(RecordingConsentMode.OptOut, "recording-opt-out")]
    public void Recording(RecordingConsentMode consent, string name) => GoldenFiles.Check(name,
        Renderer.RenderOrganization(PbxSamples.Full() with { Recording = new PbxRecording(consent, RecordingsFolder) }, PbxSamples.ConfigDirectory));

    [Fact]
    public void HardLimitsReached() => GoldenFiles.Check("limits-reached", Renderer.RenderOrganization(PbxSamples.Full() with
    {
        Recording = new PbxRecording(RecordingConsentMode.None, RecordingsFolder), OutboundBlocked = true, RecordingBlocked = true,
    }, PbxSamples.ConfigDirectory));

    [Fact]
    public void MinimalWithALimitOfOneCall() => GoldenFiles.Check("minimal", Renderer.RenderOrganization(PbxSamples.Minimal(), PbxSamples.ConfigDirectory));

    [Fact]
    public void TopLevelWithSharedTrunks() => GoldenFiles.Check("top-level", Renderer.RenderTopLevel(PbxSamples.Platform(), PbxSamples.ConfigDirectory));

    [Fact]
    public void TopLevelWithNoOrganizations() => GoldenFiles.Check("top-level-empty",
        Renderer.RenderTopLevel(new PlatformPbx([], [], []), PbxSamples.ConfigDirectory));
}
