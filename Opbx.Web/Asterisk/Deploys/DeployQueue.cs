using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Jobs;
using Quartz;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// Queues deploys and coalesces them: a deploy that is still queued (not yet started) is joined rather than doubled, so
/// saves in quick succession become one run; a save that comes while a deploy runs queues the next one, which starts
/// after it (a running deploy may have read the data before that save). One <see cref="DeployJob"/> per organization
/// (and one for the platform) runs the queued deploy a short <see cref="AsteriskOptions.DeployDelay"/> later, so the
/// saves of one form or one bulk action usually land in the same deploy.
/// </summary>
public sealed class DeployQueue(IServiceScopeFactory scopes, ISchedulerFactory schedulers, TimeProvider clock, IOptions<OpbxOptions> options,
    ILogger<DeployQueue> logger)
{
    /// <summary>Queues (or joins) a deploy of each target: an organization's id, or null for the platform. Organizations that no longer exist are skipped.</summary>
    public async Task<IReadOnlyList<Deploy>> QueueAsync(IReadOnlyCollection<Guid?> targets, DeployTrigger trigger, string requestedBy, CancellationToken ct = default)
    {
        if (targets.Count == 0) return [];
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        using var _ = db.Tenant.AcrossOrganizations();
        QueuedDeploys queued;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            queued = await JoinOrAddAsync(db, targets, trigger, requestedBy, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await ScheduleAsync(queued.Created, ct);
        return queued.All;
    }

    /// <summary>
    /// Inside the caller's write transaction (which must be open, so two callers cannot both add one): joins the queued
    /// deploy of each target or adds one. The caller saves, commits, then schedules <see cref="QueuedDeploys.Created"/>.
    /// </summary>
    public async Task<QueuedDeploys> JoinOrAddAsync(OpbxDb db, IReadOnlyCollection<Guid?> targets, DeployTrigger trigger, string requestedBy, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Queue deploys inside a write transaction.");
        var all = new List<Deploy>();
        var created = new List<Deploy>();
        foreach (var target in targets.Distinct())
        {
            Organization? organization = null;
            if (target is { } id && (organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct)) is null) continue;
            var held = await db.Deploys.Where(d => d.Status == DeployStatus.Held && d.OrganizationId == target).OrderBy(d => d.QueuedAt).ToListAsync(ct);
            if (trigger == DeployTrigger.Save && organization?.HoldsDeploys == true)
            {
                // Auto-deploy is off (or paused by a rollback): the save becomes a pending change, counted, until "Deploy now".
                if (held.FirstOrDefault() is { } pending) pending.Requests++;
                else db.Deploys.Add(pending = NewDeploy(target, trigger, requestedBy, DeployStatus.Held));
                all.Add(pending);
                continue;
            }
            // A rollback by hand restores an earlier state: nothing joins it.
            var open = await db.Deploys.Where(d => (d.Status == DeployStatus.Queued || d.Status == DeployStatus.WaitingForAsterisk)
                    && d.OrganizationId == target && d.Trigger != DeployTrigger.Rollback)
                .OrderBy(d => d.QueuedAt).FirstOrDefaultAsync(ct);
            var deploy = open ?? held.FirstOrDefault();
            if (deploy is null)
            {
                db.Deploys.Add(deploy = NewDeploy(target, trigger, requestedBy, DeployStatus.Queued));
                created.Add(deploy);
            }
            else
            {
                deploy.Requests++;
                // Pending changes go out with this deploy; one waiting for Asterisk is tried again now.
                if (deploy.Status == DeployStatus.Held)
                {
                    deploy.Status = DeployStatus.Queued;
                    deploy.Trigger = trigger;
                    deploy.RequestedBy = Clip(requestedBy);
                }
                if (deploy.Status != DeployStatus.Queued || open is null) created.Add(deploy);
            }
            foreach (var other in held.Where(h => h != deploy))
            {
                deploy.Requests += other.Requests;
                db.Deploys.Remove(other);
            }
            all.Add(deploy);
        }
        return new QueuedDeploys(all, created);
    }

    private Deploy NewDeploy(Guid? target, DeployTrigger trigger, string requestedBy, DeployStatus status) => new()
    {
        OrganizationId = target,
        Trigger = trigger,
        RequestedBy = Clip(requestedBy),
        QueuedAt = clock.GetUtcNow(),
        Status = status,
    };

    private static string Clip(string requestedBy) => requestedBy.Length <= 200 ? requestedBy : requestedBy[..200];

    /// <summary>Gives each deploy a trigger of the deploy job of its organization (or the platform's). Call after the deploys are committed.</summary>
    public Task ScheduleAsync(IEnumerable<Deploy> deploys, CancellationToken ct = default) => ScheduleAsync(deploys, options.Value.Asterisk.DeployDelay, ct);

    /// <summary>Like <see cref="ScheduleAsync(IEnumerable{Deploy}, CancellationToken)"/>, <paramref name="delay"/> from now (a deploy waiting for Asterisk tries again).</summary>
    public async Task ScheduleAsync(IEnumerable<Deploy> deploys, TimeSpan delay, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var at = clock.GetUtcNow() + delay;
        foreach (var deploy in deploys)
        {
            // A deploy may get more than one trigger (tried again while waiting for Asterisk): each its own.
            var key = DeployJob.TriggerFor(deploy.Id);
            if (await scheduler.Exists(key, ct) || deploy.Attempts > 0) key = new TriggerKey($"{key.Name}-{Guid.NewGuid():N}", key.Group);
            var job = JobFor(deploy.OrganizationId);
            await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).WithIdentity(key).StartAt(at).Build(), ScheduleJobOptions.Replacing, ct);
        }
    }

    /// <summary>
    /// Another run of the target's deploy job <paramref name="delay"/> from now, for a queued deploy whose run could not claim
    /// it because the database was busy; <paramref name="busyClaims"/> (how many claims in a row were) goes to that run.
    /// </summary>
    public async Task RetryClaimAsync(Guid? organizationId, int busyClaims, TimeSpan delay, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobFor(organizationId);
        var trigger = TriggerBuilder.Create().ForJob(job).WithIdentity($"claim-{organizationId ?? Guid.Empty:N}-{Guid.NewGuid():N}", DeployJob.Group)
            .UsingJobData(DeployJob.BusyClaimsData, busyClaims.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StartAt(clock.GetUtcNow() + delay).Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, ct);
    }

    private static IJobDetail JobFor(Guid? organizationId) => JobBuilder.Create<DeployJob>()
        .WithIdentity(DeployJob.KeyFor(organizationId))
        .WithDescription(organizationId is { } id ? $"Deploy of organization {id}" : "Deploy of the platform")
        .UsingJobData(DeployJob.OrganizationData, organizationId?.ToString() ?? "")
        .StoreDurably()
        .Build();

    /// <summary>
    /// At start-up: a deploy that was running when Opbx stopped has failed; the queued ones get their trigger again (the job
    /// store may not have it); then a platform deploy writes every organization with this version's templates and does
    /// any reload Asterisk still owes.
    /// </summary>
    public async Task StartupAsync(CancellationToken ct = default)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var now = clock.GetUtcNow();
            var interrupted = await db.Deploys.Where(d => d.Status == DeployStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeployStatus.Failed)
                .SetProperty(d => d.FinishedAt, now)
                .SetProperty(d => d.Failure, "Opbx stopped before this deploy finished; the start-up deploy wrote the configuration again."), ct);
            if (interrupted > 0) logger.LogWarning("{Count} deploys were interrupted by a stop and are marked failed.", interrupted);
            await ScheduleAsync(await db.Deploys.AsNoTracking().Where(d => d.Status == DeployStatus.Queued || d.Status == DeployStatus.WaitingForAsterisk).ToListAsync(ct), ct);
        }
        await QueueAsync([null], DeployTrigger.Startup, "system", ct);
    }
}
