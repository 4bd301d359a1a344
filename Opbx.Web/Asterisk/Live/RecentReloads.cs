using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Asterisk.Live;

/// <summary>The last reloads Opbx asked of Asterisk, from the deploy records (for the platform's Asterisk page).</summary>
public sealed class RecentReloads(OpbxDb db)
{
    public async Task<IReadOnlyList<RecentReload>> LatestAsync(int count = 10, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var deploys = await db.Deploys.AsNoTracking()
            .Where(d => d.FinishedAt != null && d.ModulesReloaded != "")
            .OrderByDescending(d => d.QueuedAt).Take(count)
            .Select(d => new { d.FinishedAt, d.OrganizationId, d.ModulesReloaded })
            .ToListAsync(ct);
        var ids = deploys.Select(d => d.OrganizationId).OfType<Guid>().Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return deploys.Select(d => new RecentReload(d.FinishedAt!.Value, d.OrganizationId,
            d.OrganizationId is { } id ? names.GetValueOrDefault(id) : null, d.ModulesReloaded)).ToList();
    }
}
