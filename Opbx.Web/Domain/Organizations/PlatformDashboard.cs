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
        // Two statements: the organizations' statuses and kept extension counters in one pass over the 1,000-odd rows, and
        // the trigger-kept account tally (a handful of rows), never a count of the accounts. Compiled once (see CompiledQuery).
        var organizations = await OrganizationTotals.Run(db).FirstOrDefaultAsync(ct);
        var accounts = await AccountTotals.Run(db).FirstOrDefaultAsync(ct);
        var recent = await log.LatestAsync(10, ct);
        var (active, suspended) = (organizations?.Active ?? 0, organizations?.Suspended ?? 0);
        return new PlatformStats(active + suspended, active, suspended, accounts?.All ?? 0, accounts?.Active ?? 0, organizations?.Extensions ?? 0,
            recent, await log.NamesAsync(recent, ct));
    }

    private sealed record OrganizationTotal(int Active, int Suspended, int Extensions);
    private sealed record AccountTotal(int All, int Active);

    private static readonly CompiledQuery<OrganizationTotal> OrganizationTotals = new(db => db.Organizations.GroupBy(o => 1)
        .Select(g => new OrganizationTotal(g.Count(o => o.Status == OrganizationStatus.Active), g.Count(o => o.Status == OrganizationStatus.Suspended),
            g.Sum(o => EF.Property<int>(o, OpbxDb.ExtensionCountColumn)))).Take(1));

    private static readonly CompiledQuery<AccountTotal> AccountTotals = new(db => db.AccountTally.GroupBy(t => 1)
        .Select(g => new AccountTotal(g.Sum(t => t.Count), g.Sum(t => t.IsActive ? t.Count : 0))).Take(1));

    /// <summary>Organizations by their key (slug, the account code their calls carry in Asterisk): only those asked for.</summary>
    public async Task<IReadOnlyDictionary<string, (Guid Id, string Name)>> ByKeyAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return new Dictionary<string, (Guid, string)>();
        using var _ = db.Tenant.AcrossOrganizations();
        var found = await db.Organizations.AsNoTracking().Where(o => keys.Contains(o.Slug)).Select(o => new { o.Slug, o.Id, o.Name }).ToListAsync(ct);
        return found.ToDictionary(o => o.Slug, o => (o.Id, o.Name), StringComparer.Ordinal);
    }
}
