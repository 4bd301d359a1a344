using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Numbers;

/// <summary>The organization's numbers (DIDs) against <c>max_dids</c>, each with the trunk it arrives on and where it rings.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(DidService numbers, PbxChoices choices) : PageModel
{
    public IReadOnlyList<DidRow> Numbers { get; private set; } = [];
    public LimitUsage Usage { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Numbers = await numbers.ListAsync(HttpContext.RequestAborted);
        Usage = await numbers.UsageAsync(HttpContext.RequestAborted);
        Destinations = await choices.DestinationLabelsAsync(HttpContext.RequestAborted);
    }
}
