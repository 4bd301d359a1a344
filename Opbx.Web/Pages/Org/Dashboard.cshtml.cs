using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Org;

[OrgAccess(OrgAccess.Member)]
public sealed class DashboardModel(MemberService members, OpbxDb db, OrgContext org) : PageModel
{
    public SeatUsage Seats { get; private set; } = null!;
    public int Inactive { get; private set; }
    public int Extensions { get; private set; }
    public int LiveExtensions { get; private set; }
    public string? MyExtension { get; private set; }

    public async Task OnGetAsync()
    {
        Seats = await members.SeatsAsync(HttpContext.RequestAborted);
        Inactive = await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Inactive);
        Extensions = await db.Extensions.CountAsync();
        LiveExtensions = await db.Extensions.CountAsync(x => x.Membership != null && x.Membership.Status == MembershipStatus.Active && x.Membership.Account!.IsActive);
        MyExtension = await db.Extensions.Where(x => x.Membership != null && x.Membership.AccountId == org.AccountId).Select(x => x.Number).FirstOrDefaultAsync();
    }
}
