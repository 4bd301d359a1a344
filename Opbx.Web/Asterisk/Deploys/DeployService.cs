using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// The current organization's deploys, for its pages and the API: "Deploy now", one deploy, the latest, the history.
/// The data layer's organization filter decides what is visible: another organization's deploy is not found.
/// </summary>
public sealed class DeployService(OpbxDb db, DeployQueue queue, DeployFileSets fileSets, DeployRunner runner, ConfigFolder folder, AuditActor audit,
    TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    /// <summary>
    /// Queues a deploy of the organization (owners, PBX admins, API keys), or joins the one already queued; pending changes
    /// go with it, and a pause after a rollback ends. The request is in the audit log (<c>deploy.requested</c>). Answers
    /// at once: the deploy runs in the background. <paramref name="trigger"/>: "Deploy now", or a retry of a failed deploy.
    /// </summary>
    public async Task<Deploy> DeployNowAsync(Actor actor, CancellationToken ct = default, DeployTrigger trigger = DeployTrigger.DeployNow)
    {
        AccessRules.DeployConfiguration(actor).ThrowIfDenied();
        var organizationId = OrganizationId;
        QueuedDeploys queued;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
            organization.DeploysPausedAt = null;
            queued = await queue.JoinOrAddAsync(db, [organizationId], trigger, audit.Name, ct);
            var deploy = queued.All.Single();
            db.AuditEntries.Add(audit.Entry(clock.GetUtcNow(), "deploy.requested", "deploy", deploy.Id.ToString(),
                trigger == DeployTrigger.Retry ? "Retry" : "Deploy now", organizationId));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await queue.ScheduleAsync(queued.Created, ct);
        return queued.All.Single();
    }

    /// <summary>
    /// Rollback by hand (owners, PBX admins, API keys): queues a deploy that restores the organization's files as an
    /// earlier successful deploy wrote them, reloads and verifies; auto-deploy pauses for the organization (saves collect
    /// as pending changes) until the next "Deploy now". Audited as <c>deploy.rollback_requested</c>.
    /// </summary>
    public async Task<Deploy> RollbackAsync(Actor actor, Guid deployId, CancellationToken ct = default)
    {
        AccessRules.DeployConfiguration(actor).ThrowIfDenied();
        var organizationId = OrganizationId;
        Deploy rollback;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var target = await db.Deploys.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deployId && d.OrganizationId == organizationId, ct)
                ?? throw new NotFoundException("Deploy");
            if (target.Status != DeployStatus.Succeeded)
            {
                throw new RuleViolationException(Verdict.Conflict("Only a deploy that succeeded can be rolled back to."));
            }
            if (!await fileSets.HasAsync(deployId, ct))
            {
                throw new RuleViolationException(Verdict.Conflict($"This deploy no longer has its files: only the newest {DeployFileSets.Kept} deploys keep theirs."));
            }
            var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
            var now = clock.GetUtcNow();
            organization.DeploysPausedAt = now;
            rollback = new Deploy
            {
                OrganizationId = organizationId,
                Trigger = DeployTrigger.Rollback,
                RollbackOfId = deployId,
                RequestedBy = audit.Name.Length <= 200 ? audit.Name : audit.Name[..200],
                QueuedAt = now,
            };
            db.Deploys.Add(rollback);
            db.AuditEntries.Add(audit.Entry(now, "deploy.rollback_requested", "deploy", rollback.Id.ToString(),
                $"Roll back to the deploy of {target.QueuedAt:yyyy-MM-dd HH:mm:ss} UTC", organizationId));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await queue.ScheduleAsync([rollback], ct);
        return rollback;
    }

    /// <summary>Auto-deploy on or off for the organization (owners). Off: saves collect as pending changes until "Deploy now".</summary>
    public async Task SetManualDeploysAsync(Actor actor, bool manual, CancellationToken ct = default)
    {
        AccessRules.ManageOrganizationSettings(actor).ThrowIfDenied();
        var organizationId = OrganizationId;
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
        organization.ManualDeploys = manual;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Auto-deploy or not, paused or not, pending changes, and files edited by hand in the organization's folder or the top-level files.</summary>
    public async Task<DeployState> StateAsync(CancellationToken ct = default)
    {
        var organizationId = OrganizationId;
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
            .Select(o => new { o.Slug, o.ManualDeploys, o.DeploysPausedAt }).FirstAsync(ct);
        var pending = await db.Deploys.Where(d => d.OrganizationId == organizationId && d.Status == DeployStatus.Held).SumAsync(d => d.Requests, ct);
        var drift = await folder.DriftAsync(PbxNames.OrganizationFolder(PbxNames.Key(organization.Slug)), ct);
        return new DeployState(organization.ManualDeploys, organization.DeploysPausedAt, pending, drift);
    }

    /// <summary>Saves waiting for "Deploy now" (auto-deploy off or paused); 0 otherwise.</summary>
    public Task<int> PendingChangesAsync(CancellationToken ct = default)
    {
        var organizationId = OrganizationId;
        return db.Deploys.Where(d => d.OrganizationId == organizationId && d.Status == DeployStatus.Held).SumAsync(d => d.Requests, ct);
    }

    /// <summary>"Review changes": what a deploy would change now, against what is in the config folder (what Asterisk was given).</summary>
    public async Task<IReadOnlyList<FileDiff>> ReviewAsync(CancellationToken ct = default)
    {
        var rendered = await runner.RenderOrganizationAsync(OrganizationId, ct) ?? throw new NotFoundException("Organization");
        var deployed = await folder.ReadAsync(rendered.Scope, topLevel: true, ct);
        return FileDiffs.Between(
            deployed.Files.ToDictionary(f => f.RelativePath, f => f.Content, StringComparer.Ordinal),
            rendered.Config.Files.ToDictionary(f => f.RelativePath, f => f.Content, StringComparer.Ordinal));
    }

    public async Task<Deploy> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Deploys.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.OrganizationId == OrganizationId, ct) ?? throw new NotFoundException("Deploy");

    /// <summary>What the deploy changed, file by file (against the deploy before it); null when its file set was pruned.</summary>
    public async Task<IReadOnlyList<FileDiff>?> DiffAsync(Deploy deploy, CancellationToken ct = default) => await fileSets.DiffAsync(deploy, ct);

    /// <summary>Whether a rollback to this deploy is possible: it succeeded and still has its files.</summary>
    public async Task<bool> CanRollBackToAsync(Deploy deploy, CancellationToken ct = default) =>
        deploy.Status == DeployStatus.Succeeded && deploy.OrganizationId == OrganizationId && await fileSets.HasAsync(deploy.Id, ct);

    /// <summary>The newest deploy of the organization (pending or finished), or null before the first one.</summary>
    public Task<Deploy?> LatestAsync(CancellationToken ct = default) =>
        db.Deploys.AsNoTracking().Where(d => d.OrganizationId == OrganizationId).OrderByDescending(d => d.QueuedAt).FirstOrDefaultAsync(ct);

    /// <summary>The organization's deploys, newest first.</summary>
    public async Task<Paged<Deploy>> ListAsync(int page = 1, int pageSize = 25, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Deploys.AsNoTracking().Where(d => d.OrganizationId == OrganizationId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.QueuedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<Deploy>(items, total, page, pageSize);
    }
}
