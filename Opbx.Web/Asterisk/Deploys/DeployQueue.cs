using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
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
            var queued = await db.Deploys.Where(d => d.Status == DeployStatus.Queued && d.OrganizationId == target).OrderBy(d => d.QueuedAt).FirstOrDefaultAsync(ct);
            if (queued is not null)
            {
                queued.Requests++;
                all.Add(queued);
                continue;
            }
            if (target is { } id && !await db.Organizations.AnyAsync(o => o.Id == id, ct)) continue;
            var deploy = new Deploy
            {
                OrganizationId = target,
                Trigger = trigger,
                RequestedBy = requestedBy.Length <= 200 ? requestedBy : requestedBy[..200],
                QueuedAt = clock.GetUtcNow(),
            };
            db.Deploys.Add(deploy);
            all.Add(deploy);
            created.Add(deploy);
        }
        return new QueuedDeploys(all, created);
    }

    /// <summary>Gives each deploy a trigger of the deploy job of its organization (or the platform's). Call after the deploys are committed.</summary>
    public async Task ScheduleAsync(IEnumerable<Deploy> deploys, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var at = clock.GetUtcNow() + options.Value.Asterisk.DeployDelay;
        foreach (var deploy in deploys)
        {
            var job = JobBuilder.Create<DeployJob>()
                .WithIdentity(DeployJob.KeyFor(deploy.OrganizationId))
                .WithDescription(deploy.OrganizationId is { } id ? $"Deploy of organization {id}" : "Deploy of the platform")
                .UsingJobData(DeployJob.OrganizationData, deploy.OrganizationId?.ToString() ?? "")
                .StoreDurably()
                .Build();
            var trigger = TriggerBuilder.Create().ForJob(job).WithIdentity(DeployJob.TriggerFor(deploy.Id)).StartAt(at).Build();
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, ct);
        }
    }

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
            await ScheduleAsync(await db.Deploys.AsNoTracking().Where(d => d.Status == DeployStatus.Queued).ToListAsync(ct), ct);
        }
        await QueueAsync([null], DeployTrigger.Startup, "system", ct);
    }
}
