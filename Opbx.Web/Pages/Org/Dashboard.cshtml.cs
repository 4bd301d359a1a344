using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Live;
using Opbx.Domain.Organizations;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>Each role's home in the organization: administrators see usage and what needs attention; a PBX user their
/// phone; a reporter the call records (never the administrators' counters).</summary>
[OrgAccess(OrgAccess.Member)]
public sealed class DashboardModel(OrganizationDashboard dashboard, OrgContext org, AsteriskMonitor asterisk) : PageModel
{
    public AdminHome? Admin { get; private set; }
    public MemberHome? Member { get; private set; }
    /// <summary>Administrators' view of the organization's calls up now (from the shared Asterisk snapshot).</summary>
    public LiveCalls? Calls { get; private set; }

    public async Task OnGetAsync()
    {
        if (org.May(OrgAccess.Admin))
        {
            Admin = await dashboard.ForAdminsAsync(HttpContext.RequestAborted);
            Calls = await LiveCallsAsync(withCount: false);
        }
        else Member = await dashboard.ForMemberAsync(org.AccountId, HttpContext.RequestAborted);
    }

    /// <summary>The polled panel of active calls (with the figure above it, out of band).</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        if (!org.May(OrgAccess.Admin)) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return Partial("/Pages/Shared/_LiveCalls.cshtml", await LiveCallsAsync(withCount: true));
    }

    private async Task<LiveCalls> LiveCallsAsync(bool withCount)
    {
        var snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        return new LiveCalls(snapshot, snapshot.CallsOf(org.Organization!.Slug), org.Path("?handler=Live"), withCount);
    }
}
