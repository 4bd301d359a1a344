using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Queues;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(QueueService queues, PbxChoices choices, OrgContext org) : PageModel
{
    public const int PageSize = 50;
    /// <summary>The first members a row shows; the rest are counted in SQL, not read (a queue may have 1,000).</summary>
    public const int MembersShown = 5;
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public Paged<QueueRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<QueueRow> Queues => Result.Items;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("queue", "queues"), "#results", p => org.Path($"/Queues?page={p}"));
    public LimitUsage Usage { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Result = await queues.PageAsync(Math.Max(1, PageNumber), PageSize, MembersShown, HttpContext.RequestAborted);
        // The unfiltered list's total is every queue the organization holds: the usage needs only the plan's limit beside it.
        Usage = new LimitUsage(Result.Total, org.Organization!.MaxQueues);
        Destinations = await choices.DestinationLabelsAsync(Queues.Select(q => q.Fallback), HttpContext.RequestAborted);
    }
}
