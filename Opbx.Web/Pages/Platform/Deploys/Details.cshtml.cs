using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Web;

namespace Opbx.Pages.Platform.Deploys;

/// <summary>One deploy of any organization (or the platform's), with what it changed.</summary>
public sealed class DetailsModel(PlatformDeploys deploys, CurrentUser current) : PageModel
{
    public PlatformDeployRow Row { get; private set; } = null!;
    public IReadOnlyList<FileDiff>? Diff { get; private set; }

    public async Task OnGetAsync(Guid id) => (Row, Diff) = await deploys.GetAsync(current.AsPlatformManager, id, HttpContext.RequestAborted);
}
