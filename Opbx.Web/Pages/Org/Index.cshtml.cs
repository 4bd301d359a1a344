using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>The organization home for members; the organization is the one asked for, else the default, else the first.</summary>
public sealed class IndexModel(CurrentUser current, TenantContext tenant, OpbxDb db) : PageModel
{
    public Membership? Membership { get; private set; }
    public int ActiveMembers { get; private set; }
    public string? ExtensionNumber { get; private set; }
    public bool IsPlatformManager => current.IsPlatformManager;

    public async Task OnGetAsync(Guid? org)
    {
        var usable = current.UsableMemberships.ToList();
        Membership = usable.FirstOrDefault(m => m.OrganizationId == org)
                     ?? usable.FirstOrDefault(m => m.OrganizationId == current.Account!.DefaultOrganizationId)
                     ?? usable.FirstOrDefault();
        if (Membership is null) return;
        tenant.Enter(Membership.OrganizationId);
        ActiveMembers = await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active);
        ExtensionNumber = await db.Extensions.Where(e => e.MembershipId == Membership.Id).Select(e => e.Number).FirstOrDefaultAsync();
    }
}
