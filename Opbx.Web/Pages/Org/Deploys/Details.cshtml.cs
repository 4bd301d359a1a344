using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Deploys;

/// <summary>One deploy: what triggered it, how it went, Asterisk's own words, the files it changed (diff), and rollback to it.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class DetailsModel(DeployService deploys, OrgContext org) : PageModel
{
    public Deploy Deploy { get; private set; } = null!;
    public IReadOnlyList<FileDiff>? Diff { get; private set; }
    public bool CanRollBack { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        Deploy = await deploys.GetAsync(id, HttpContext.RequestAborted);
        Diff = await deploys.DiffAsync(Deploy, HttpContext.RequestAborted);
        CanRollBack = await deploys.CanRollBackToAsync(Deploy, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostRollbackAsync(Guid id)
    {
        var rollback = await deploys.RollbackAsync(org.Actor, id, HttpContext.RequestAborted);
        TempData.Success("The rollback is queued. Auto-deploy is paused for this organization until the next Deploy now.");
        return Redirect(org.Path($"/Deploys/{rollback.Id}"));
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        await deploys.GetAsync(id, HttpContext.RequestAborted);
        var retry = await deploys.DeployNowAsync(org.Actor, HttpContext.RequestAborted, DeployTrigger.Retry);
        TempData.Success("A new deploy of the current configuration is queued.");
        return Redirect(org.Path($"/Deploys/{retry.Id}"));
    }
}
