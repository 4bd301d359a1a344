using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Deploys;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Platform.Deploys;

/// <summary>Every organization's deploys and the platform's own, newest first (platform managers); filter by status.</summary>
public sealed class IndexModel(PlatformDeploys deploys, CurrentUser current) : PageModel
{
    public Paged<PlatformDeployRow> Rows { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public DeployStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public async Task OnGetAsync() => Rows = await deploys.ListAsync(current.AsPlatformManager, Status, P, 50, HttpContext.RequestAborted);
}
