using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Asterisk.Deploys;

/// <summary>Every organization's deploys and the platform's own, for platform managers: the platform-wide history.</summary>
public sealed class PlatformDeploys(OpbxDb db, DeployFileSets fileSets)
{
    /// <summary>Deploys of every organization and of the platform, newest first, with the organization's name; optionally of one status.</summary>
    public async Task<Paged<PlatformDeployRow>> ListAsync(Actor actor, DeployStatus? status = null, int page = 1, int pageSize = 25, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        using var _ = db.Tenant.AcrossOrganizations();
        var query = db.Deploys.AsNoTracking().Where(d => status == null || d.Status == status);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.QueuedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new PlatformDeployRow(d, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return new Paged<PlatformDeployRow>(items, total, page, pageSize);
    }

    /// <summary>One deploy of any organization or of the platform, with what it changed (null when its file set was pruned).</summary>
    public async Task<(PlatformDeployRow Row, IReadOnlyList<FileDiff>? Diff)> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        var row = await db.Deploys.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new PlatformDeployRow(d, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Name).FirstOrDefault()))
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Deploy");
        return (row, await fileSets.DiffAsync(row.Deploy, ct));
    }
}
