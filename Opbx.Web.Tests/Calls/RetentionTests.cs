using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Calls;

/// <summary>Retention deletes what is past each organization's retention, rows and files, and nothing else; each run is recorded and audited.</summary>
[Collection(AppCollection.Name)]
public sealed class RetentionTests(OpbxApp app)
{
    private async Task<CreatedOrganization> OrganizationAsync(int cdrDays, int recordingDays) =>
        await app.CreateOrganizationAsync(configure: s => { s.CdrRetentionDays = cdrDays; s.RecordingRetentionDays = recordingDays; });

    /// <summary>A call record started <paramref name="daysAgo"/> days ago; with a recording file of 1,000 bytes when recorded.</summary>
    private async Task<long> AddAsync(CreatedOrganization org, double daysAgo, bool recorded)
    {
        var file = recorded ? $"{Guid.NewGuid():N}.wav" : null;
        if (file is not null)
        {
            var folder = app.Services.GetRequiredService<OrganizationFiles>().Recordings(org.Organization.Slug);
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, file), new byte[1000]);
        }
        return await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var record = new CallRecord
            {
                OrganizationId = org.Organization.Id, UniqueId = $"ret-{Guid.NewGuid():N}", LinkedId = "ret", StartedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
                BillSeconds = 30, Source = "201", Destination = "5551234", RecordingFile = file, RecordingBytes = file is null ? 0 : 1000,
            };
            db.CallRecords.Add(record);
            await db.SaveChangesAsync();
            return record.Id;
        });
    }

    private Task<List<CallRecord>> RecordsAsync(Guid organizationId) => app.InOrganizationAsync(organizationId, sp =>
        sp.GetRequiredService<OpbxDb>().CallRecords.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    private string Folder(CreatedOrganization org) => app.Services.GetRequiredService<OrganizationFiles>().Recordings(org.Organization.Slug);

    private Task<(IReadOnlyList<RetentionRun> Runs, int Batches)> RunAsync(int batchSize = RetentionService.DefaultBatchSize) => app.WithScopeAsync(async sp =>
    {
        var retention = sp.GetRequiredService<RetentionService>();
        retention.BatchSize = batchSize;
        var runs = await retention.RunAsync("test");
        return (runs, retention.BatchesCommitted);
    });

    [Fact]
    public async Task RemovesWhatIsDueInEachOrganizationAndNothingElse()
    {
        var shortKeep = await OrganizationAsync(cdrDays: 30, recordingDays: 7);
        var longKeep = await OrganizationAsync(cdrDays: 365, recordingDays: 90);
        var oldRecord = await AddAsync(shortKeep, 40, recorded: true);   // past both: record and file go
        var oldRecording = await AddAsync(shortKeep, 10, recorded: true); // record stays, recording goes
        var fresh = await AddAsync(shortKeep, 1, recorded: true);         // both stay
        var keptElsewhere = await AddAsync(longKeep, 40, recorded: true); // the other organization keeps it all
        var oldFiles = (await RecordsAsync(shortKeep.Organization.Id)).Where(r => r.Id != fresh).Select(r => r.RecordingFile!).ToList();
        // A file no record names, older than the recording retention, goes; a new one (a call still being ingested) stays.
        var orphan = Path.Combine(Folder(shortKeep), "orphan.wav");
        await File.WriteAllBytesAsync(orphan, new byte[500]);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddDays(-8));
        var newOrphan = Path.Combine(Folder(shortKeep), "new.wav");
        await File.WriteAllBytesAsync(newOrphan, new byte[500]);

        var (runs, _) = await RunAsync();

        var kept = await RecordsAsync(shortKeep.Organization.Id);
        Assert.Equal([oldRecording, fresh], kept.Select(r => r.Id));
        Assert.Null(kept[0].RecordingFile);
        Assert.Equal(0, kept[0].RecordingBytes);
        Assert.NotNull(kept[1].RecordingFile);
        Assert.All(oldFiles, f => Assert.False(File.Exists(Path.Combine(Folder(shortKeep), f))));
        Assert.True(File.Exists(Path.Combine(Folder(shortKeep), kept[1].RecordingFile!)));
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(newOrphan));
        var other = Assert.Single(await RecordsAsync(longKeep.Organization.Id));
        Assert.Equal(keptElsewhere, other.Id);
        Assert.True(File.Exists(Path.Combine(Folder(longKeep), other.RecordingFile!)));

        var run = Assert.Single(runs, r => r.OrganizationId == shortKeep.Organization.Id);
        Assert.Equal(1, run.CallRecordsDeleted);
        Assert.Equal(2, run.RecordingsDeleted);
        Assert.Equal(1, run.OrphanFilesDeleted);
        Assert.Equal(2500, run.BytesFreed);
        Assert.Equal(0, Assert.Single(runs, r => r.OrganizationId == longKeep.Organization.Id).CallRecordsDeleted);
        Assert.DoesNotContain(oldRecord, kept.Select(r => r.Id));

        // The run is kept, and the organization's audit log has its counts; the organization that lost nothing has no entry.
        var (stored, entries, otherEntries) = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var db = sp.GetRequiredService<OpbxDb>();
            return (await db.RetentionRuns.Where(r => r.OrganizationId == shortKeep.Organization.Id).ToListAsync(),
                await db.AuditEntries.Where(a => a.OrganizationId == shortKeep.Organization.Id && a.Action == AuditCatalogue.RetentionApplied).ToListAsync(),
                await db.AuditEntries.CountAsync(a => a.OrganizationId == longKeep.Organization.Id && a.Action == AuditCatalogue.RetentionApplied));
        });
        Assert.Equal(2500, Assert.Single(stored).BytesFreed);
        var entry = Assert.Single(entries);
        var counts = JsonNode.Parse(entry.Changes!)!.AsObject();
        Assert.Equal(1, (int)counts["call_record"]!);
        Assert.Equal(2, (int)counts["recording"]!);
        Assert.Equal(1, (int)counts["orphan_file"]!);
        Assert.Contains("1 call records", entry.Note);
        Assert.Equal(0, otherEntries);
    }

    [Fact]
    public async Task DeletesInSmallBatchesEachItsOwnTransaction()
    {
        var org = await OrganizationAsync(cdrDays: 30, recordingDays: 30);
        for (var i = 0; i < 5; i++) await AddAsync(org, 31 + i, recorded: false);
        var keep = await AddAsync(org, 2, recorded: false);

        // Every other organization's due rows (from other tests) are deleted in the same run; this one's need three batches of two.
        var before = await RunAsync(batchSize: 2);

        Assert.Equal(5, Assert.Single(before.Runs, r => r.OrganizationId == org.Organization.Id).CallRecordsDeleted);
        Assert.True(before.Batches >= 3, $"{before.Batches} batches");
        Assert.Equal([keep], (await RecordsAsync(org.Organization.Id)).Select(r => r.Id));
        // A second run finds nothing more.
        var again = await RunAsync(batchSize: 2);
        Assert.Equal(0, Assert.Single(again.Runs, r => r.OrganizationId == org.Organization.Id).CallRecordsDeleted);
    }

    [Fact]
    public async Task A_retention_lengthened_while_the_run_is_under_way_is_obeyed_from_the_next_batch()
    {
        var org = await OrganizationAsync(cdrDays: 30, recordingDays: 30);
        await RunAsync(); // other tests' due rows out of the way first
        for (var i = 0; i < 6; i++) await AddAsync(org, 40 + i, recorded: false);

        var run = app.WithScopeAsync(async sp =>
        {
            var retention = sp.GetRequiredService<RetentionService>();
            (retention.BatchSize, retention.Pause) = (2, TimeSpan.FromSeconds(1));
            return await retention.RunAsync("test");
        });
        // The first batch (the two oldest) is gone; before the next one, the owner keeps records 60 days instead.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await RecordsAsync(org.Organization.Id)).Count > 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "The first batch was never deleted.");
            await Task.Delay(20);
        }
        await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Organizations.Where(o => o.Id == org.Organization.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.CdrRetentionDays, 60)));
        var runs = await run;

        Assert.Equal(2, Assert.Single(runs, r => r.OrganizationId == org.Organization.Id).CallRecordsDeleted);
        Assert.Equal(4, (await RecordsAsync(org.Organization.Id)).Count);
    }

    [Fact]
    public async Task A_database_busy_beyond_the_busy_timeout_retries_the_write_instead_of_failing_the_run()
    {
        var org = await OrganizationAsync(cdrDays: 30, recordingDays: 30);
        var due = await AddAsync(org, 40, recorded: true);
        var keep = await AddAsync(org, 2, recorded: false);
        var file = (await RecordsAsync(org.Organization.Id)).Single(r => r.Id == due).RecordingFile!;

        // Another writer keeps the write lock longer than the 5 s busy timeout (in the bench, the usage tally's back-to-back
        // transactions over a million new records did), then lets go: the run's first write fails busy once and is tried again.
        var holder = WriteLock.On(app);
        var release = Task.Run(async () =>
        {
            await Task.Delay(DatabaseFault.BusyTimeout + TimeSpan.FromSeconds(1.5));
            holder.Dispose();
        });
        var (runs, retries) = await app.WithScopeAsync(async sp =>
        {
            var retention = sp.GetRequiredService<RetentionService>();
            retention.BusyPause = TimeSpan.FromMilliseconds(100);
            var result = await retention.RunAsync("test");
            return (result, retention.BusyRetriesUsed);
        });
        await release;

        Assert.True(retries >= 1, "the database was never busy: the test did not hold the lock");
        Assert.All(runs, r => Assert.Null(r.Failure));
        var run = Assert.Single(runs, r => r.OrganizationId == org.Organization.Id);
        Assert.Equal((1, 1, 1000L), (run.CallRecordsDeleted, run.RecordingsDeleted, run.BytesFreed));
        Assert.Equal([keep], (await RecordsAsync(org.Organization.Id)).Select(r => r.Id));
        Assert.False(File.Exists(Path.Combine(Folder(org), file)));
    }

    [Fact]
    public async Task A_database_busy_through_every_retry_fails_that_organizations_share_with_the_reason_and_the_others_still_run()
    {
        var org = await OrganizationAsync(cdrDays: 30, recordingDays: 30);
        await AddAsync(org, 40, recorded: false);
        var since = DateTimeOffset.UtcNow;

        // Busy through the one attempt allowed (no retries) of the first organization's first write; free before the next one's.
        var holder = WriteLock.On(app);
        var release = Task.Run(async () =>
        {
            await Task.Delay(DatabaseFault.BusyTimeout + TimeSpan.FromSeconds(2));
            holder.Dispose();
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithScopeAsync(async sp =>
        {
            var retention = sp.GetRequiredService<RetentionService>();
            retention.BusyRetries = 0;
            return await retention.RunAsync("test");
        }));
        await release;

        var (stored, remaining) = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var db = sp.GetRequiredService<OpbxDb>();
            return ((await db.RetentionRuns.AsNoTracking().Where(r => r.StartedBy == "test").ToListAsync()).Where(r => r.StartedAt >= since).ToList(),
                await db.CallRecords.CountAsync(c => c.OrganizationId == org.Organization.Id));
        });
        var failed = Assert.Single(stored, r => r.Failure is not null);
        Assert.Contains("database stayed busy", failed.Failure);
        Assert.Contains("database is locked", failed.Failure);
        // The run's failure names the organization and why, for the jobs page.
        Assert.StartsWith("Retention failed for 1 of ", error.Message);
        Assert.Contains($"{failed.OrganizationName}: The database stayed busy", error.Message);
        // The other organizations' shares ran once the lock was free: this one's due record is gone.
        if (failed.OrganizationId != org.Organization.Id) Assert.Equal(0, remaining);
    }
}
