using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;
using Opbx.Asterisk.Redeploy;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Deploys;

/// <summary>
/// No deploy stays queued or "running" for good after a fault: the database busy when its run starts or when its outcome is
/// written (as DatabaseFaultTests make it, a test before the ones that wait for every deploy), or a deploy recorded as
/// running that no run holds. Each ends within seconds of the fault, with its real outcome or a reason.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeployRecoveryTests(OpbxApp app)
{
    private string DatabaseFile => Path.Combine(app.DataDirectory, "opbx.db");

    private Task<List<Deploy>> DeploysOfAsync(Guid organizationId) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await sp.GetRequiredService<OpbxDb>().Deploys.AsNoTracking().Where(d => d.OrganizationId == organizationId).ToListAsync();
    });

    /// <summary>The organization's deploys once none of them is queued, running or waiting (other tests' deploys are not waited for).</summary>
    private async Task<List<Deploy>> SettledAsync(Guid organizationId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var deploys = await DeploysOfAsync(organizationId);
            if (deploys.Count > 0 && !deploys.Any(d => d.Status is DeployStatus.Queued or DeployStatus.Running or DeployStatus.WaitingForAsterisk)) return deploys;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Still pending: " + string.Join("; ", deploys.Select(d => $"{d.Status} since {d.StartedAt ?? d.QueuedAt:HH:mm:ss}")));
            }
            await Task.Delay(200);
        }
    }

    private Task<IReadOnlyList<Deploy>> QueueAsync(Guid organizationId) =>
        app.Services.GetRequiredService<DeployQueue>().QueueAsync([organizationId], DeployTrigger.DeployNow, "test");

    [Fact]
    public async Task A_deploy_whose_run_could_not_start_while_the_database_was_busy_runs_once_it_is_free()
    {
        var org = await app.CreateOrganizationAsync();
        await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        var deploy = Assert.Single(await QueueAsync(org.Organization.Id));
        // Its run comes after DeployDelay (2 s here), waits the busy timeout (5 s) to claim it and gives up.
        using (new WriteLock(DatabaseFile)) await Task.Delay(TimeSpan.FromSeconds(9));

        var deploys = await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(DeployStatus.Succeeded, Assert.Single(deploys, d => d.Id == deploy.Id).Status);
    }

    [Fact]
    public async Task A_deploy_that_finds_the_database_busy_when_claimed_is_tried_again_shortly_without_a_job_exception()
    {
        var org = await app.CreateOrganizationAsync();
        await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        var since = DateTimeOffset.UtcNow;
        var deploy = Assert.Single(await QueueAsync(org.Organization.Id));
        // As a CSV import of thousands of rows does: another connection holds the write lock for longer than the busy timeout
        // (5 s). The run comes after DeployDelay (2 s) and waits the busy timeout to claim the deploy, twice in this time.
        using (new WriteLock(DatabaseFile)) await Task.Delay(TimeSpan.FromSeconds(14));

        var deploys = await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(DeployStatus.Succeeded, Assert.Single(deploys, d => d.Id == deploy.Id).Status);
        var logged = app.Logs.Since(since);
        var job = Opbx.Jobs.DeployJob.KeyFor(org.Organization.Id).Name;
        // No unhandled exception out of the deploy job (Quartz logs those as errors of JobRunShell, naming the job)…
        Assert.DoesNotContain(logged, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error && (e.Message.Contains(job) || e.Message.Contains(org.Organization.Id.ToString())));
        // …but a warning that says what happened, and the run itself scheduled the next try (the watchdog had nothing to pick up).
        Assert.Contains(logged, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Category == typeof(DeployRunner).FullName
            && e.Message.Contains(org.Organization.Id.ToString()) && e.Message.Contains("database is busy"));
        Assert.DoesNotContain(logged, e => e.Category == typeof(DeployWatchdog).FullName && e.Message.Contains(deploy.Id.ToString()));
    }

    [Fact]
    public async Task A_deploy_whose_outcome_could_not_be_written_while_the_database_was_busy_records_it_once_it_is_free()
    {
        string? folder = null;
        var held = new TaskCompletionSource<WriteLock>(TaskCreationOptions.RunContinuationsAsynchronously);
        // During the deploy's render (after its run claimed it), another process takes the write lock: its file set and its
        // outcome cannot be written until it lets go.
        app.Tamper.Change = config =>
        {
            var scoped = config.Files.Where(f => f.RelativePath.Contains('/')).ToList();
            if (folder is { } mine && scoped.Count > 0 && scoped.All(f => f.RelativePath.StartsWith(mine + "/", StringComparison.Ordinal)) && !held.Task.IsCompleted)
            {
                held.TrySetResult(new WriteLock(DatabaseFile));
            }
            return config;
        };
        try
        {
            var org = await app.CreateOrganizationAsync();
            await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
            folder = PbxNames.OrganizationFolder(PbxNames.Key(org.Organization.Slug));
            var queued = Assert.Single(await QueueAsync(org.Organization.Id));
            using (await held.Task.WaitAsync(TimeSpan.FromSeconds(60)))
            {
                // Its file set and its outcome each wait the busy timeout (5 s) and give up.
                await Task.Delay(TimeSpan.FromSeconds(13));
                Assert.Equal(DeployStatus.Running, Assert.Single(await DeploysOfAsync(org.Organization.Id), d => d.Id == queued.Id).Status);
            }

            var deploys = await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
            var deploy = Assert.Single(deploys, d => d.Id == queued.Id);
            Assert.Equal(DeployStatus.Succeeded, deploy.Status);
            // The outcome the run reached, not a stand-in.
            Assert.Contains("unchanged; Asterisk not connected", deploy.Summary);
            Assert.NotNull(deploy.FinishedAt);
        }
        finally
        {
            app.Tamper.Change = null;
        }
    }

    [Fact]
    public async Task A_redeploy_all_whose_outcome_could_not_be_written_ends_failed_with_the_reason()
    {
        var org = await app.CreateOrganizationAsync();
        await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        var mine = PbxNames.OrganizationFolder(PbxNames.Key(org.Organization.Slug)) + "/";
        var armed = false;
        var held = new TaskCompletionSource<WriteLock>(TaskCreationOptions.RunContinuationsAsynchronously);
        // At the end of the redeploy's render (its progress written, the files not yet), another process takes the write
        // lock: the redeploy's results and outcome cannot be written, and its job ends with the database refusing them.
        app.Tamper.Change = config =>
        {
            if (Volatile.Read(ref armed) && !held.Task.IsCompleted && config.Files.Any(f => f.RelativePath.StartsWith(mine, StringComparison.Ordinal)))
            {
                held.TrySetResult(new WriteLock(DatabaseFile));
            }
            return config;
        };
        try
        {
            var since = DateTimeOffset.UtcNow;
            Volatile.Write(ref armed, true);
            var admin = await app.AdminActorAsync();
            var run = await app.WithScopeAsync(sp => sp.GetRequiredService<RedeployAll>().StartAsync(admin));
            using (await held.Task.WaitAsync(TimeSpan.FromSeconds(60)))
            {
                // Recording the results waits the busy timeout (5 s) and gives up.
                await Task.Delay(TimeSpan.FromSeconds(8));
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
            RedeployRun ended;
            while ((ended = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RedeployRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id))).IsRunning)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Redeploy {run.Id} is still running {DateTimeOffset.UtcNow - run.StartedAt} after it started.");
                await Task.Delay(200);
            }
            Assert.Equal(RedeployStatus.Failed, ended.Status);
            Assert.Contains("ended without recording how it went", ended.Failure);
            Assert.NotNull(ended.FinishedAt);
            var pending = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RedeployResults.AsNoTracking()
                .CountAsync(r => r.RunId == run.Id && r.Status == RedeployResultStatus.Pending));
            Assert.Equal(0, pending);
            // Its platform deploy in the history is not left running either.
            var deploy = await app.WithScopeAsync(async sp =>
            {
                using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
                return await sp.GetRequiredService<OpbxDb>().Deploys.AsNoTracking().Where(d => d.Trigger == DeployTrigger.RedeployAll && d.QueuedAt >= since).SingleAsync();
            });
            var settled = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (deploy.Status == DeployStatus.Running && DateTime.UtcNow < settled)
            {
                await Task.Delay(200);
                deploy = await app.WithScopeAsync(async sp =>
                {
                    using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
                    return await sp.GetRequiredService<OpbxDb>().Deploys.AsNoTracking().SingleAsync(d => d.Id == deploy.Id);
                });
            }
            Assert.Equal(DeployStatus.Failed, deploy.Status);
        }
        finally
        {
            app.Tamper.Change = null;
        }
    }

    [Fact]
    public async Task A_deploy_recorded_as_running_with_no_run_behind_it_ends_failed_with_the_reason()
    {
        var org = await app.CreateOrganizationAsync();
        await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(60));
        var started = DateTimeOffset.UtcNow.AddMinutes(-2);
        var orphan = new Deploy
        {
            OrganizationId = org.Organization.Id, Trigger = DeployTrigger.DeployNow, RequestedBy = "test", Status = DeployStatus.Running,
            QueuedAt = started, StartedAt = started,
        };
        await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var db = sp.GetRequiredService<OpbxDb>();
            db.Deploys.Add(orphan);
            await db.SaveChangesAsync();
        });

        var deploys = await SettledAsync(org.Organization.Id, TimeSpan.FromSeconds(30));
        var ended = Assert.Single(deploys, d => d.Id == orphan.Id);
        Assert.Equal(DeployStatus.Failed, ended.Status);
        Assert.Contains("ended without recording how it went", ended.Failure);
        Assert.NotNull(ended.FinishedAt);
    }
}
