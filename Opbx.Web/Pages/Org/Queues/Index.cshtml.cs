using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Queues;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(QueueService queues, PbxChoices choices) : PageModel
{
    public IReadOnlyList<QueueRow> Queues { get; private set; } = [];
    public LimitUsage Usage { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Queues = await queues.ListAsync(HttpContext.RequestAborted);
        Usage = await queues.UsageAsync(HttpContext.RequestAborted);
        Destinations = await choices.DestinationLabelsAsync(HttpContext.RequestAborted);
    }
}
