using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Web;

namespace Opbx.Pages.Org.Deploys;

/// <summary>"Review changes": what a deploy would write now, against what is deployed (the files in Asterisk's config folder).</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class ReviewModel(DeployService deploys) : PageModel
{
    public IReadOnlyList<FileDiff> Changes { get; private set; } = [];
    public DeployState State { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Changes = await deploys.ReviewAsync(HttpContext.RequestAborted);
        State = await deploys.StateAsync(HttpContext.RequestAborted);
    }
}
