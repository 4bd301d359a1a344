using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Routes;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(OutboundRouteService routes) : PageModel
{
    public IReadOnlyList<OutboundRouteRow> Routes { get; private set; } = [];

    public async Task OnGetAsync() => Routes = await routes.ListAsync(HttpContext.RequestAborted);
}
