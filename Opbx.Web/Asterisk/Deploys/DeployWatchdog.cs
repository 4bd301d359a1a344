using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Jobs;
using Quartz;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// Every <see cref="AsteriskOptions.DeploySweepInterval"/>, looks for deploys nothing would move on, so none stays queued
/// or "running" for good: an outcome the database refused when the deploy ended is written; a deploy queued (or waiting
/// for Asterisk) whose organization has no deploy run scheduled or going (its schedule failed, or its run failed to claim
/// it) is scheduled again; a deploy (or a "Redeploy all") recorded as running that no run of this process holds (Opbx runs
/// once per database) ends failed with that reason.
/// </summary>
public sealed class DeployWatchdog(IServiceScopeFactory scopes, RunningDeploys running, DeployQueue queue, ISchedulerFactory schedulers,
    IOptions<OpbxOptions> options, TimeProvider clock, ILogger<DeployWatchdog> logger) : BackgroundService
{
    /// <summary>
    /// A deploy younger than this is left alone: it may be between its commit and its schedule, or between its claim and
    /// the start of its run.
    /// </summary>
    private TimeSpan Grace => options.Value.Asterisk.DeployDelay + TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Asterisk.DeploySweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database still refusing, say: the next sweep tries again.
                logger.LogError(e, "Looking over the deploys failed; trying again in {Interval}.", options.Value.Asterisk.DeploySweepInterval);
            }
        }
    }

    /// <summary>One look over the deploys (see the class).</summary>
    public async Task SweepAsync(CancellationToken ct = default)
    {
        foreach (var deploy in running.UnwrittenOutcomes)
        {
            await DeployRunner.WriteOutcomeAsync(scopes, deploy);
            running.Written(deploy.Id);
            logger.LogInformation("The outcome of deploy {Deploy} ({Status}) is written after all.", deploy.Id, deploy.Status);
        }

        var before = clock.GetUtcNow() - Grace;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var pending = await db.Deploys.AsNoTracking()
                .Where(d => d.Status == DeployStatus.Queued || d.Status == DeployStatus.WaitingForAsterisk)
                .ToListAsync(ct);
            var scheduler = await schedulers.GetScheduler(ct);
            // The oldest of each organization: one run claims them in order, and each run that finds another schedules nothing
            // for it, so one trigger per organization is enough to start the line moving again.
            foreach (var deploy in pending.Where(d => d.QueuedAt < before).GroupBy(d => d.OrganizationId).Select(g => g.MinBy(d => d.QueuedAt)!))
            {
                var job = DeployJob.KeyFor(deploy.OrganizationId);
                if (running.HasRunFor(deploy.OrganizationId) || (await scheduler.GetTriggersOfJob(job, ct)).Count > 0) continue;
                logger.LogWarning("Deploy {Deploy} ({Status}) had no run scheduled; scheduling it now.", deploy.Id, deploy.Status);
                await queue.ScheduleAsync([deploy], TimeSpan.Zero, ct);
            }

            var now = clock.GetUtcNow();
            var orphans = (await db.Deploys.AsNoTracking().Where(d => d.Status == DeployStatus.Running).Select(d => new { d.Id, d.StartedAt }).ToListAsync(ct))
                .Where(d => (d.StartedAt ?? now) < before && !running.IsRunning(d.Id)).Select(d => d.Id).ToList();
            if (orphans.Count > 0)
            {
                await db.Deploys.Where(d => orphans.Contains(d.Id) && d.Status == DeployStatus.Running).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeployStatus.Failed)
                    .SetProperty(d => d.FinishedAt, now)
                    .SetProperty(d => d.Failure, "This deploy's run ended without recording how it went. The next deploy of the organization writes its changes."), ct);
                logger.LogWarning("{Count} deploys recorded as running had no run behind them and are marked failed.", orphans.Count);
            }

            // Likewise a "Redeploy all" whose job ended without recording its outcome (the database refused at the end).
            var abandoned = await scope.ServiceProvider.GetRequiredService<Opbx.Asterisk.Redeploy.RedeployAll>().FailAbandonedAsync(before, running, ct);
            if (abandoned > 0) logger.LogWarning("{Count} redeploys recorded as running had no run behind them and are marked failed.", abandoned);
        }
    }
}
