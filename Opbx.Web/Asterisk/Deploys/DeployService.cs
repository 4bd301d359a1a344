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
public sealed class DeployService(OpbxDb db, DeployQueue queue, AuditActor audit, TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    /// <summary>
    /// Queues a deploy of the organization (owners, PBX admins, API keys), or joins the one already queued; the request is
    /// in the audit log (<c>deploy.requested</c>). Answers at once: the deploy runs in the background.
    /// </summary>
    public async Task<Deploy> DeployNowAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.DeployConfiguration(actor).ThrowIfDenied();
        var organizationId = OrganizationId;
        QueuedDeploys queued;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            queued = await queue.JoinOrAddAsync(db, [organizationId], DeployTrigger.DeployNow, audit.Name, ct);
            var deploy = queued.All.Single();
            db.AuditEntries.Add(audit.Entry(clock.GetUtcNow(), "deploy.requested", "deploy", deploy.Id.ToString(), "Deploy now", organizationId));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await queue.ScheduleAsync(queued.Created, ct);
        return queued.All.Single();
    }

    public async Task<Deploy> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Deploys.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.OrganizationId == OrganizationId, ct) ?? throw new NotFoundException("Deploy");

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
