using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Call recording and its consent modes, proved with real calls: Opbx deploys the organization's dialplan into the
/// collection's Asterisk, a SIPp phone calls another (and talks: 7 s of speech as RTP, so there is audio to record; keys go as
/// SIP INFO), and the organization's recordings folder is looked at afterwards.
/// <code>
/// Mode / setting                          Caller does           Recording file   Also checked
/// --------------------------------------  --------------------  ---------------  -------------------------------------------
/// none                                    nothing               one, uniqueid    callee answered
/// announcement                            nothing               one              the announcement played before MixMonitor ran
/// opt_in                                  presses 1             one
/// opt_in                                  nothing               none             callee answered after the prompt timed out
/// opt_out                                 presses 9             none             callee answered
/// opt_out                                 nothing               one
/// call_recording feature off              nothing               none             no record subroutine in the dialplan
/// </code>
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed partial class RecordingScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    public Task InitializeAsync() => _checkpoint.StartAsync();

    public Task DisposeAsync() => _checkpoint.SettleAsync();

    [Fact]
    public async Task With_consent_mode_none_an_internal_call_is_recorded_into_a_file_named_by_its_uniqueid()
    {
        var (org, a, b) = await RecordingOrganizationAsync(RecordingConsentMode.None);

        await CallAsync(a, b, TimeSpan.FromSeconds(4));

        var file = await RecordingAsync(org);
        Assert.Matches(UniqueIdWav(), file.Name);
    }

    [Fact]
    public async Task With_an_announcement_the_caller_hears_it_and_then_the_call_is_recorded()
    {
        var (org, a, b) = await RecordingOrganizationAsync(RecordingConsentMode.Announcement);
        var full = asterisk.FullLogPosition();

        await CallAsync(a, b, TimeSpan.FromSeconds(7));

        await RecordingAsync(org);
        var log = asterisk.FullLogSince(full);
        var played = log.IndexOf($"Playing '{app.Asterisk.AppConfigDirectory}/sounds/{AsteriskSounds.RecordingNotice}.", StringComparison.Ordinal);
        var recorded = log.IndexOf($"@{PbxNames.RecordContext(org.Key)}:3] MixMonitor(", StringComparison.Ordinal);
        Assert.True(played >= 0, "The announcement was not played:\n" + asterisk.LogTail());
        Assert.True(recorded > played, "MixMonitor did not start after the announcement:\n" + asterisk.LogTail());
    }

    [Fact]
    public async Task With_opt_in_pressing_1_records_and_pressing_nothing_does_not()
    {
        var (org, a, b) = await RecordingOrganizationAsync(RecordingConsentMode.OptIn);

        // The prompt (4 s) and the wait for a key (6 s) pass before the callee rings: held long enough to reach them.
        await CallAsync(a, b, TimeSpan.FromSeconds(16));
        await NoRecordingAsync(org);

        await CallAsync(a, b, TimeSpan.FromSeconds(6), digit: '1');
        await RecordingAsync(org);
    }

    [Fact]
    public async Task With_opt_out_pressing_9_does_not_record_and_pressing_nothing_records()
    {
        var (org, a, b) = await RecordingOrganizationAsync(RecordingConsentMode.OptOut);

        await CallAsync(a, b, TimeSpan.FromSeconds(6), digit: '9');
        await NoRecordingAsync(org);

        // The recording starts once the prompt (5 s) and the wait for a key (6 s) are over: the caller talks past that.
        await CallAsync(a, b, TimeSpan.FromSeconds(2), longTalk: true);
        await RecordingAsync(org);
    }

    [Fact]
    public async Task With_the_call_recording_feature_off_nothing_is_recorded_even_with_recording_enabled()
    {
        var (org, a, b) = await RecordingOrganizationAsync(RecordingConsentMode.None, feature: false);

        await CallAsync(a, b, TimeSpan.FromSeconds(4));

        await NoRecordingAsync(org);
        var dialplan = await File.ReadAllTextAsync(Path.Combine(app.Asterisk.AppConfigDirectory, "orgs", org.Key, "extensions.conf"));
        Assert.DoesNotContain(PbxNames.RecordContext(org.Key), dialplan);
        Assert.DoesNotContain("MixMonitor", dialplan);
    }

    private async Task<(PbxTestKit Org, Phone A, Phone B)> RecordingOrganizationAsync(RecordingConsentMode mode, bool feature = true)
    {
        var org = await PbxTestKit.NewAsync(app, s =>
        {
            s.RecordingEnabled = true;
            s.CallRecording = feature;
            s.RecordingConsentMode = mode;
        });
        var (a, b) = await Phone.CallerAndCalleeAsync(org);
        await _checkpoint.DeployedAsync();
        return (org, a, b);
    }

    /// <summary>A calls B, which answers; the call is held for <paramref name="hold"/> after Asterisk answers the caller.</summary>
    private async Task CallAsync(Phone a, Phone b, TimeSpan hold, char? digit = null, bool longTalk = false)
    {
        await asterisk.Sipp.TalkAnsweredAsync(asterisk, a, "101", b, hold, digit, longTalk);
        _checkpoint.NoErrors();
    }

    /// <summary>The one recording of the folder that is new since the last look, with sound in it (more than a WAV header).</summary>
    private async Task<FileInfo> RecordingAsync(PbxTestKit org)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var files = Files(org).Where(f => !_seen.Contains(f.FullName)).ToList();
            if (files.Count == 1 && files[0].Length > 8000)
            {
                _seen.Add(files[0].FullName);
                return files[0];
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Expected one new recording in {org.RecordingsFolder}, found: {string.Join(", ", files.Select(f => $"{f.Name} ({f.Length} B)"))}\n{asterisk.LogTail()}");
            await Task.Delay(200);
        }
    }

    private async Task NoRecordingAsync(PbxTestKit org)
    {
        // MixMonitor writes as the call goes; the call is over, so a recording would be there by now. Give a loaded machine a moment.
        await Task.Delay(1000);
        Assert.Empty(Files(org).Where(f => !_seen.Contains(f.FullName)).Select(f => f.Name));
    }

    private readonly HashSet<string> _seen = [];

    private static List<FileInfo> Files(PbxTestKit org) =>
        Directory.Exists(org.RecordingsFolder) ? new DirectoryInfo(org.RecordingsFolder).GetFiles().ToList() : [];

    [GeneratedRegex(@"\A[0-9]+\.[0-9]+\.wav\z")]
    private static partial Regex UniqueIdWav();
}
