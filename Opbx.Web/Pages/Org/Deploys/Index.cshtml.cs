using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Deploys;

/// <summary>The organization's latest deploys of Asterisk configuration, and "Deploy now" (owners and PBX admins).</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(DeployService deploys, OrgContext org) : PageModel
{
    public Paged<Deploy> Recent { get; private set; } = null!;

    public bool AnyPending => Recent.Items.Any(d => d.IsPending);

    public async Task<IActionResult> OnGetAsync()
    {
        Recent = await deploys.ListAsync(1, 20, HttpContext.RequestAborted);
        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() ? Partial("_Deploys", this) : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await deploys.DeployNowAsync(org.Actor, HttpContext.RequestAborted);
        TempData.Success("A deploy is queued; it appears below and runs in a moment.");
        return Redirect(org.Path("/Deploys"));
    }
}
