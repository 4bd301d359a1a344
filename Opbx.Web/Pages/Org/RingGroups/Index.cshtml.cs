using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.RingGroups;

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(RingGroupService groups, PbxChoices choices, OrgContext org) : PageModel
{
    public const int PageSize = 50;
    /// <summary>The first members a row shows; the rest are counted in SQL, not read (a group may have 100).</summary>
    public const int MembersShown = 5;
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public Paged<RingGroupRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<RingGroupRow> Groups => Result.Items;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("ring group", "ring groups"), "#results", p => org.Path($"/RingGroups?page={p}"));
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Result = await groups.PageAsync(Math.Max(1, PageNumber), PageSize, MembersShown, HttpContext.RequestAborted);
        Destinations = await choices.DestinationLabelsAsync(Groups.Select(g => g.Fallback), HttpContext.RequestAborted);
    }
}
