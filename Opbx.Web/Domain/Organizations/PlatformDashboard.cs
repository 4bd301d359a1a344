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
}
