using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Trunks;

/// <summary>The organization's own trunks (against <c>max_trunks</c>) and, by name only, the provider's shared ones.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(TrunkService trunks) : PageModel
{
    public IReadOnlyList<TrunkRow> Trunks { get; private set; } = [];
    public LimitUsage Usage { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Trunks = await trunks.ListAsync(HttpContext.RequestAborted);
        Usage = await trunks.UsageAsync(HttpContext.RequestAborted);
    }
}
