using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Numbers;

/// <summary>The organization's numbers (DIDs) against <c>max_dids</c>, each with the trunk it arrives on and where it rings.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(DidService numbers, PbxChoices choices, OrgContext org) : PageModel
{
    public const int PageSize = 50;
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public Paged<DidRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<DidRow> Numbers => Result.Items;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("number", "numbers"), "#results", p => org.Path($"/Numbers?page={p}"));
    public LimitUsage Usage { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        Result = await numbers.PageAsync(Math.Max(1, PageNumber), PageSize, HttpContext.RequestAborted);
        // The unfiltered list's total is every number the organization holds: the usage needs only the plan's limit beside it.
        Usage = new LimitUsage(Result.Total, org.Organization!.MaxDids);
        Destinations = await choices.DestinationLabelsAsync(Numbers.Select(d => d.Destination), HttpContext.RequestAborted);
    }
}
