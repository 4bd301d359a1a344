using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

/// <summary>
/// "Run now" of retention on the jobs page: started in the background through the retention job, followed by a polled panel,
/// refused while a run is under way (decided by the database), audited, for platform managers only; the runs are listed on the
/// jobs page and each organization's audit log shows what its share deleted.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RetentionRunNowTests(OpbxApp app)
{
    private async Task<(CreatedOrganization Org, long Old, long Fresh, string OldFile)> OrganizationWithDueRecordAsync()
    {
        var org = await app.CreateOrganizationAsync(configure: s => { s.CdrRetentionDays = 30; s.RecordingRetentionDays = 30; });
        var folder = app.Services.GetRequiredService<OrganizationFiles>().Recordings(org.Organization.Slug);
        Directory.CreateDirectory(folder);
        var oldFile = $"{Guid.NewGuid():N}.wav";
        await File.WriteAllBytesAsync(Path.Combine(folder, oldFile), new byte[1234]);
        var (old, fresh) = await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            CallRecord Record(double daysAgo, string? file) => new()
            {
                OrganizationId = org.Organization.Id, UniqueId = $"now-{Guid.NewGuid():N}", LinkedId = "now", StartedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
                Source = "201", Destination = "5551234", RecordingFile = file, RecordingBytes = file is null ? 0 : 1234,
            };
            var o = Record(45, oldFile);
            var f = Record(2, null);
            db.CallRecords.AddRange(o, f);
            await db.SaveChangesAsync();
            return (o.Id, f.Id);
        });
        return (org, old, fresh, Path.Combine(folder, oldFile));
    }

    private Task<List<RetentionSweep>> SweepsAsync() => app.WithScopeAsync(sp =>
        sp.GetRequiredService<OpbxDb>().RetentionSweeps.AsNoTracking().OrderBy(s => s.StartedAt).ToListAsync());

    private async Task<RetentionSweep> FinishedAsync(Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var sweep = (await SweepsAsync()).Single(s => s.Id == id);
            if (!sweep.IsRunning) return sweep;
            await Task.Delay(200);
        }
        throw new TimeoutException("The retention run did not finish within 60 s.");
    }

    [Fact]
    public async Task Run_now_deletes_in_the_background_and_the_run_shows_on_the_jobs_page_and_in_the_organizations_audit_log()
    {
        var (org, old, fresh, oldFile) = await OrganizationWithDueRecordAsync();
        var before = (await SweepsAsync()).Select(s => s.Id).ToHashSet();
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);

        var post = await admin.PostFormAsync("/Platform/Jobs?handler=Retention", new Dictionary<string, string>(), "/Platform/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var started = Assert.Single(await SweepsAsync(), s => !before.Contains(s.Id));
        Assert.Equal(RetentionTrigger.Manual, started.Trigger);
        var sweep = await FinishedAsync(started.Id);
        Assert.Equal(RetentionStatus.Succeeded, sweep.Status);
        Assert.Equal(sweep.OrganizationsTotal, sweep.OrganizationsDone);
        Assert.True(sweep.CallRecordsDeleted >= 1 && sweep.BytesFreed >= 1234, $"{sweep.CallRecordsDeleted} records, {sweep.BytesFreed} bytes");
        var left = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().CallRecords.Select(c => c.Id).ToListAsync());
        Assert.Equal([fresh], left);
        Assert.DoesNotContain(old, left);
        Assert.False(File.Exists(oldFile));

        // The organization's share is recorded with the run, and the start is audited as the platform manager's.
        var (run, startEntry) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            return (await db.RetentionRuns.AsNoTracking().SingleAsync(r => r.SweepId == sweep.Id && r.OrganizationId == org.Organization.Id),
                await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == RetentionSweeps.RunNowAction && a.TargetId == sweep.Id.ToString()));
        });
        Assert.Equal((1, 1, 1234L, (string?)null), (run.CallRecordsDeleted, run.RecordingsDeleted, run.BytesFreed, run.Failure));
        Assert.Equal(AuditSource.Web, startEntry.Source);
        Assert.NotEqual("system", startEntry.Actor);

        // The jobs page: the finished panel (no more polling) and the organization's row in the recent runs.
        var page = await admin.GetHtmlAsync("/Platform/Jobs");
        Assert.Contains("id=\"retention-runs\"", page);
        Assert.Contains(WebUtility.HtmlEncode(org.Organization.Name), page);
        Assert.Matches(@"Run now\s*<div class=""small muted text-break"">by ", page);
        var polled = await admin.GetAsync("/Platform/Jobs?handler=Retention", htmx: true);
        var panel = await polled.Content.ReadAsStringAsync();
        // The poll that finds the run finished reloads the page, so the runs list below shows its organizations.
        Assert.Equal("true", Assert.Single(polled.Headers.GetValues("HX-Refresh")));
        Assert.Contains("Succeeded", panel);
        Assert.DoesNotContain("every 2s", panel);

        // The organization's own audit log (its owner's view) has the entry with the counts and the bytes freed.
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var audit = await owner.GetHtmlAsync($"/Org/{org.Organization.Id}/Settings/Audit");
        Assert.Contains(AuditCatalogue.Label(AuditCatalogue.RetentionApplied), audit);
        Assert.Contains("deleted 1 call records, 1 recordings (1,234 bytes)", audit);
    }

    [Fact]
    public async Task A_second_start_while_one_runs_is_refused_and_a_running_panel_polls_with_its_counts()
    {
        // A run as the job leaves it mid-way (written directly: a real one is over too soon to catch).
        var running = new RetentionSweep
        {
            Trigger = RetentionTrigger.Nightly, StartedBy = "nightly", StartedAt = DateTimeOffset.UtcNow.AddYears(1),
            OrganizationsTotal = 10, OrganizationsDone = 4, CallRecordsDeleted = 2500, RecordingsDeleted = 7, BytesFreed = 3 * 1024 * 1024,
        };
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.RetentionSweeps.Add(running);
            await db.SaveChangesAsync();
        });
        try
        {
            using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
            var panel = await (await admin.GetAsync("/Platform/Jobs?handler=Retention", htmx: true)).Content.ReadAsStringAsync();
            Assert.Contains("4 of 10 organizations done: 2,500 call records and 7 recordings deleted (3 MB)", panel);
            Assert.Contains("hx-trigger=\"every 2s\"", panel);

            var post = await admin.PostFormAsync("/Platform/Jobs?handler=Retention", new Dictionary<string, string>(), "/Platform/Jobs");

            Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(RetentionSweeps.AlreadyRunning), await post.Content.ReadAsStringAsync());
            Assert.Equal([running.Id], (await SweepsAsync()).Where(s => s.IsRunning).Select(s => s.Id));
        }
        finally
        {
            await app.WithScopeAsync(sp => sp.GetRequiredService<RetentionSweeps>().FinishAsync(running.Id, null));
        }
    }

    [Fact]
    public async Task Of_starts_racing_each_other_exactly_one_wins_and_the_database_refuses_a_second_running_row()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.WithScopeAsync(sp =>
            sp.GetRequiredService<RetentionSweeps>().TryBeginAsync(RetentionTrigger.Nightly, "race"))));
        var won = Assert.Single(starts, s => s is not null)!;
        try
        {
            // Past the check, the unique index alone: a second running row cannot be written.
            await Assert.ThrowsAsync<DbUpdateException>(() => app.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OpbxDb>();
                db.RetentionSweeps.Add(new RetentionSweep { Trigger = RetentionTrigger.Manual, StartedBy = "sneak", StartedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }));
        }
        finally
        {
            await app.WithScopeAsync(sp => sp.GetRequiredService<RetentionSweeps>().FinishAsync(won.Id, null));
        }
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RetentionSweeps.AnyAsync(s => s.Status == RetentionStatus.Running)));
    }

    [Fact]
    public async Task The_nightly_trigger_skips_while_a_run_started_by_hand_is_under_way()
    {
        var (org, old, _, oldFile) = await OrganizationWithDueRecordAsync();
        var manual = new RetentionSweep { Trigger = RetentionTrigger.Manual, StartedBy = "someone", StartedAt = DateTimeOffset.UtcNow.AddYears(1) };
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.RetentionSweeps.Add(manual);
            await db.SaveChangesAsync();
        });
        try
        {
            // The job as the nightly cron fires it: no run handed over, so it must claim one, and cannot.
            var scheduler = await app.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
            var history = app.Services.GetRequiredService<Quartz.Extensibility.IExecutionHistoryStore>();
            var fired = DateTime.UtcNow.AddSeconds(-1);
            var sweepsBefore = (await SweepsAsync()).Count;
            await scheduler.TriggerJob(Opbx.Jobs.RetentionJob.Key);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var runs = await history.QueryExecutions(new Quartz.ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, JobContains = "retention" });
                if (runs.Items.Any(r => r.FiredAtUtc >= fired && r.Succeeded)) break;
                Assert.True(DateTime.UtcNow < deadline, "the retention job did not run");
                await Task.Delay(250);
            }

            Assert.Equal(sweepsBefore, (await SweepsAsync()).Count);
            Assert.Equal([manual.Id], (await SweepsAsync()).Where(s => s.IsRunning).Select(s => s.Id));
            Assert.Contains(old, await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().CallRecords.Select(c => c.Id).ToListAsync()));
            Assert.True(File.Exists(oldFile));
        }
        finally
        {
            await app.WithScopeAsync(sp => sp.GetRequiredService<RetentionSweeps>().FinishAsync(manual.Id, null));
        }
    }

    [Fact]
    public async Task Only_platform_managers_may_run_retention_now()
    {
        var (org, old, _, _) = await OrganizationWithDueRecordAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var before = (await SweepsAsync()).Count;

        var post = await owner.PostFormAsync("/Platform/Jobs?handler=Retention", new Dictionary<string, string>(), $"/Org/{org.Organization.Id}");

        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.DoesNotContain("/Platform/Jobs", post.Headers.Location?.OriginalString.Split('?')[0] ?? "");
        Assert.Equal(before, (await SweepsAsync()).Count);
        Assert.Contains(old, await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().CallRecords.Select(c => c.Id).ToListAsync()));
    }
}
