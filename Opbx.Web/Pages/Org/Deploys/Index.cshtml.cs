using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Deploys;

/// <summary>
/// The organization's deploy history (owners and PBX admins): each deploy links to what it changed; "Deploy now",
/// "Review changes", files edited by hand in the config folder, and auto-deploy on or off (owners).
/// </summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(DeployService deploys, OrgContext org) : PageModel
{
    public Paged<Deploy> Recent { get; private set; } = null!;
    public DeployState State { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public bool AnyPending => Recent.Items.Any(d => d.IsPending);

    public async Task<IActionResult> OnGetAsync()
    {
        Recent = await deploys.ListAsync(P, 25, HttpContext.RequestAborted);
        State = await deploys.StateAsync(HttpContext.RequestAborted);
        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() ? Partial("_Deploys", this) : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await deploys.DeployNowAsync(org.Actor, HttpContext.RequestAborted);
        TempData.Success("A deploy is queued; it appears below and runs in a moment.");
        return Redirect(org.Path("/Deploys"));
    }

    public async Task<IActionResult> OnPostAutoDeployAsync(bool? enabled)
    {
        // The form's two buttons send true or false; anything else is a crafted request, refused without a change.
        if (!ModelState.IsValid || enabled is not { } on) return BadRequest();
        await deploys.SetManualDeploysAsync(org.Actor, !on, HttpContext.RequestAborted);
        TempData.Success(on ? "Auto-deploy is on: saves deploy by themselves again (pending changes go with the next Deploy now)."
            : "Auto-deploy is off: saves collect as pending changes until Deploy now.");
        return Redirect(org.Path("/Deploys"));
    }
}
