using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Emergency;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(EmergencyNumberService emergency) : PageModel
{
    public IReadOnlyList<EmergencyNumberRow> Numbers { get; private set; } = [];

    public async Task OnGetAsync() => Numbers = await emergency.ListAsync(HttpContext.RequestAborted);
}
