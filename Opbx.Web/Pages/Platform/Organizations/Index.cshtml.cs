using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Pages.Shared;

namespace Opbx.Pages.Platform.Organizations;

public sealed class IndexModel(OrganizationService organizations) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "created";
    [BindProperty(SupportsGet = true)] public string Order { get; set; } = "desc";
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<OrganizationRow> Result { get; private set; } = null!;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("organization", "organizations"), "#results", PageUrl);

    public async Task OnGetAsync()
    {
        OrganizationStatus? status = Names.TryParseOrganizationStatus(Status, out var s) ? s : null;
        if (status is null) Status = null;
        Sort = Sort is "name" or "status" or "users" or "created" ? Sort : "created";
        Result = await organizations.ListAsync(new OrganizationListQuery(Q, status, Sort, Order != "asc", PageNumber, 25), HttpContext.RequestAborted);
    }

    public string PageUrl(int page) => Link(Sort, Order, page);

    public string SortUrl(string column) => Link(column, Sort == column && Order == "asc" ? "desc" : "asc", 1);

    public IHtmlContent SortMark(string column) =>
        new HtmlString(Sort != column ? "" : Order == "asc" ? " <span aria-label=\"sorted ascending\">▲</span>" : " <span aria-label=\"sorted descending\">▼</span>");

    private string Link(string sort, string order, int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["status"] = Status, ["sort"] = sort, ["order"] = order, ["page"] = page.ToString() };
        return QueryHelpers.AddQueryString("/Platform/Organizations", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
