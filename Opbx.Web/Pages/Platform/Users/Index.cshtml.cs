using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Pages.Shared;

namespace Opbx.Pages.Platform.Users;

public sealed class IndexModel(AccountService accounts, OrganizationService organizations) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "all";
    [BindProperty(SupportsGet = true)] public string? Pm { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Org { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AccountRow> Result { get; private set; } = null!;
    public string? OrgName { get; private set; }
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("user", "users"), "#results", PageUrl) { Uncounted = Result.Uncounted };

    public async Task OnGetAsync()
    {
        bool? active = Status switch { "active" => true, "inactive" => false, _ => null };
        bool? pm = Pm switch { "yes" => true, "no" => false, _ => null };
        if (Org is { } org) OrgName = (await organizations.GetAsync(org, HttpContext.RequestAborted)).Name;
        Result = await accounts.ListAsync(new AccountListQuery(Q, active, pm, Org, PageNumber, 25), HttpContext.RequestAborted);
    }

    public string PageUrl(int page) => QueryHelpers.AddQueryString("/Platform/Users",
        new Dictionary<string, string?> { ["q"] = Q, ["status"] = Status, ["pm"] = Pm, ["org"] = Org?.ToString(), ["page"] = page.ToString() }
            .Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
