using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Jobs;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Retention removes what is due and nothing else, on records and recordings made by real calls: SIPp phones talk through
/// Asterisk 22 with recording on, cdr_custom writes the records (with their recording's file name), the app ingests them, and
/// some are then back-dated past the organization's retention. "Run now" (the retention job in the background) must delete:
/// <code>
/// Organization (call records / recordings kept)   Call started   Record    Recording file
/// ---------------------------------------------   ------------   -------   --------------
/// short (30 days / 7 days)                        40 days ago    deleted   deleted
/// short                                           10 days ago    kept      deleted (the record no longer names it)
/// short                                           now            kept      kept
/// long (365 days / 90 days)                       40 days ago    kept      kept
/// </code>
/// and afterwards no file in a recordings folder is without the record that names it.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class RetentionScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    public Task InitializeAsync() => _checkpoint.StartAsync();

    public Task DisposeAsync() => _checkpoint.SettleAsync();

    [Fact]
    public async Task Retention_removes_what_is_due_and_nothing_else()
    {
        var shortKeep = await RecordingOrganizationAsync(cdrDays: 30, recordingDays: 7);
        var longKeep = await RecordingOrganizationAsync(cdrDays: 365, recordingDays: 90);
        await _checkpoint.DeployedAsync();

        for (var i = 0; i < 3; i++) await CallAsync(shortKeep);
        await CallAsync(longKeep);
        _checkpoint.NoErrors();

        var calls = await RecordedAsync(shortKeep.Org, 3);
        var other = Assert.Single(await RecordedAsync(longKeep.Org, 1));
        var (pastBoth, pastRecording, fresh) = (calls[0], calls[1], calls[2]);
        await BackDateAsync(shortKeep.Org, pastBoth.Id, 40);
        await BackDateAsync(shortKeep.Org, pastRecording.Id, 10);
        await BackDateAsync(longKeep.Org, other.Id, 40);

        await RunRetentionAsync();

        var kept = await RecordsAsync(shortKeep.Org.OrganizationId);
        Assert.Equal([pastRecording.Id, fresh.Id], kept.Select(r => r.Id));
        Assert.Equal((null, 0L), (kept[0].RecordingFile, kept[0].RecordingBytes));
        Assert.Equal(fresh.RecordingFile, kept[1].RecordingFile);
        Assert.False(File.Exists(PathOf(shortKeep.Org, pastBoth.RecordingFile!)), "The recording of the deleted record is still there.");
        Assert.False(File.Exists(PathOf(shortKeep.Org, pastRecording.RecordingFile!)), "The recording past its retention is still there.");
        Assert.True(File.Exists(PathOf(shortKeep.Org, fresh.RecordingFile!)), "The fresh recording was deleted.");
        var untouched = Assert.Single(await RecordsAsync(longKeep.Org.OrganizationId));
        Assert.Equal((other.Id, other.RecordingFile, other.RecordingBytes), (untouched.Id, untouched.RecordingFile, untouched.RecordingBytes));
        Assert.True(File.Exists(PathOf(longKeep.Org, other.RecordingFile!)), "The other organization's recording was deleted.");
        // A recording never outlives its call record: every file left is named by a record that is left.
        foreach (var (org, records) in new[] { (shortKeep.Org, kept), (longKeep.Org, [untouched]) })
        {
            var named = records.Where(r => r.RecordingFile is not null).Select(r => r.RecordingFile!).ToHashSet();
            Assert.All(Directory.GetFiles(org.RecordingsFolder).Select(Path.GetFileName), f => Assert.Contains(f!, named));
        }
    }

    private async Task<(PbxTestKit Org, Phone A, Phone B)> RecordingOrganizationAsync(int cdrDays, int recordingDays)
    {
        var org = await PbxTestKit.NewAsync(app, s =>
        {
            s.RecordingEnabled = true;
            s.CallRecording = true;
            s.RecordingConsentMode = RecordingConsentMode.None;
            s.CdrRetentionDays = cdrDays;
            s.RecordingRetentionDays = recordingDays;
        });
        var (a, b) = await Phone.CallerAndCalleeAsync(org);
        return (org, a, b);
    }

    private Task CallAsync((PbxTestKit Org, Phone A, Phone B) org) =>
        asterisk.Sipp.TalkAnsweredAsync(asterisk, org.A, "101", org.B, TimeSpan.FromSeconds(3));

    /// <summary>The organization's ingested records that name a recording, once there are <paramref name="count"/> whose files are there.</summary>
    private async Task<List<CallRecord>> RecordedAsync(PbxTestKit org, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var recorded = (await RecordsAsync(org.OrganizationId)).Where(r => r.RecordingFile is not null && File.Exists(PathOf(org, r.RecordingFile))).ToList();
            if (recorded.Count >= count)
            {
                Assert.Equal(count, recorded.Count);
                return recorded;
            }
            if (DateTime.UtcNow > deadline)
            {
                var all = await RecordsAsync(org.OrganizationId);
                Assert.Fail($"{recorded.Count} of {count} recorded calls ingested; records: " +
                    string.Join(", ", all.Select(r => $"{r.UniqueId} file={r.RecordingFile ?? "none"}")) + "\n" + asterisk.LogTail());
            }
            await Task.Delay(200);
        }
    }

    private Task<List<CallRecord>> RecordsAsync(Guid organizationId) => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().CallRecords
        .IgnoreQueryFilters().AsNoTracking().Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).ToListAsync());

    /// <summary>Moves a record's call <paramref name="days"/> days into the past (its times only; its recording file stays as written).</summary>
    private Task BackDateAsync(PbxTestKit org, long id, int days) => app.InOrganizationAsync(org.OrganizationId, async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        var record = await db.CallRecords.SingleAsync(c => c.Id == id);
        record.StartedAt = record.StartedAt.AddDays(-days);
        record.AnsweredAt = record.AnsweredAt?.AddDays(-days);
        record.EndedAt = record.EndedAt?.AddDays(-days);
        await db.SaveChangesAsync();
    });

    /// <summary>"Run now" as a platform manager would press it: the retention job in the background, waited for.</summary>
    private async Task RunRetentionAsync()
    {
        var sweep = await app.WithScopeAsync(sp => sp.GetRequiredService<RetentionRunNow>().StartAsync(Actor.Person(Guid.NewGuid(), true, null)));
        Assert.NotNull(sweep);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var now = await app.WithScopeAsync(sp => sp.GetRequiredService<RetentionSweeps>().GetAsync(sweep.Id));
            if (now is { IsRunning: false })
            {
                Assert.True(now.Status == RetentionStatus.Succeeded, $"Retention failed: {now.Failure}");
                return;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("The retention run did not finish within 60 s.");
            await Task.Delay(200);
        }
    }

    private static string PathOf(PbxTestKit org, string file) => Path.Combine(org.RecordingsFolder, file);
}
