using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.RingGroups;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(RingGroupService groups, PbxChoices choices) : PageModel
{
    public IReadOnlyList<RingGroupRow> Groups { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Groups = await groups.ListAsync(HttpContext.RequestAborted);
        Destinations = await choices.DestinationLabelsAsync(HttpContext.RequestAborted);
    }
}
