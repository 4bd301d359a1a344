using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Audit;

namespace Opbx.Domain.Organizations;

public sealed record PlatformStats(int Organizations, int Active, int Suspended, int Users, int ActiveUsers, int Extensions,
    IReadOnlyList<AuditEntry> RecentAudit, AuditNames RecentNames);

/// <summary>Aggregate numbers across all organizations for the platform dashboard.</summary>
public sealed class PlatformDashboard(OpbxDb db, AuditLog log)
{
    public async Task<PlatformStats> ReadAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var byStatus = await db.Organizations.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var active = byStatus.FirstOrDefault(s => s.Key == OrganizationStatus.Active)?.Count ?? 0;
        var suspended = byStatus.FirstOrDefault(s => s.Key == OrganizationStatus.Suspended)?.Count ?? 0;
        var recent = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(10).ToListAsync(ct);
        return new PlatformStats(active + suspended, active, suspended,
            await db.AccountTally.SumAsync(t => t.Count, ct),
            await db.AccountTally.Where(t => t.IsActive).SumAsync(t => t.Count, ct),
            await db.Organizations.SumAsync(o => EF.Property<int>(o, OpbxDb.ExtensionCountColumn), ct),
            recent, await log.NamesAsync(recent, ct));
    }

    /// <summary>Organizations by their key (slug, the account code their calls carry in Asterisk): only those asked for.</summary>
    public async Task<IReadOnlyDictionary<string, (Guid Id, string Name)>> ByKeyAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return new Dictionary<string, (Guid, string)>();
        using var _ = db.Tenant.AcrossOrganizations();
        var found = await db.Organizations.AsNoTracking().Where(o => keys.Contains(o.Slug)).Select(o => new { o.Slug, o.Id, o.Name }).ToListAsync(ct);
        return found.ToDictionary(o => o.Slug, o => (o.Id, o.Name), StringComparer.Ordinal);
    }
}
