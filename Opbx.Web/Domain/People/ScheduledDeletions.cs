using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.People;

/// <summary>"Deactivate now, delete later": deletes, organization by organization, members whose day has come and who are still inactive.</summary>
public sealed class ScheduledDeletions(OpbxDb db, MemberService members)
{
    public async Task<int> RunAsync(DateOnly today, CancellationToken ct = default)
    {
        List<Guid> organizations;
        using (db.Tenant.AcrossOrganizations())
        {
            organizations = await db.Memberships
                .Where(m => m.DeleteOn != null && m.DeleteOn <= today && m.Status == MembershipStatus.Inactive)
                .Select(m => m.OrganizationId).Distinct().ToListAsync(ct);
        }
        var deleted = 0;
        foreach (var organizationId in organizations)
        {
            db.Tenant.Enter(organizationId);
            deleted += await members.DeleteScheduledAsync(today, ct);
        }
        return deleted;
    }
}
