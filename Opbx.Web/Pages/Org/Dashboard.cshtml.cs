using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>Each role's home in the organization: administrators see usage and what needs attention; a PBX user their
/// phone; a reporter the call records (never the administrators' counters).</summary>
[OrgAccess(OrgAccess.Member)]
public sealed class DashboardModel(OrganizationDashboard dashboard, OrgContext org) : PageModel
{
    public AdminHome? Admin { get; private set; }
    public MemberHome? Member { get; private set; }

    public async Task OnGetAsync()
    {
        if (org.May(OrgAccess.Admin)) Admin = await dashboard.ForAdminsAsync(HttpContext.RequestAborted);
        else Member = await dashboard.ForMemberAsync(org.AccountId, HttpContext.RequestAborted);
    }
}
