using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Platform.Numbers;

/// <summary>Every number on the platform with the organization holding it, and adding numbers to the provider's inventory.</summary>
public sealed class IndexModel(NumberInventory inventory, TrunkService trunks, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>"free": only numbers no organization holds.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public Guid? TrunkId { get; set; }

    public Paged<InventoryRow> Result { get; private set; } = null!;
    public IReadOnlyList<TrunkRow> SharedTrunks { get; private set; } = [];
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("number", "numbers"), "#results", Link);

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Response.Headers.Vary = "HX-Request";
    }

    public async Task ReloadAsync()
    {
        Result = await inventory.ListAsync(current.AsPlatformManager, Q, onlyFree: Show == "free", page: PageNumber, pageSize: 50, ct: HttpContext.RequestAborted);
        SharedTrunks = (await trunks.ListAsync(HttpContext.RequestAborted)).Where(t => t.Shared).ToList();
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        var did = await inventory.AddAsync(current.AsPlatformManager, Number, TrunkId, HttpContext.RequestAborted);
        TempData.Success($"Number {did.Number} added to the inventory.");
        return Redirect("/Platform/Numbers?show=free");
    }

    public string Link(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["show"] = Show, ["page"] = page.ToString() };
        return QueryHelpers.AddQueryString("/Platform/Numbers", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
