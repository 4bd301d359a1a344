using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Platform.Numbers;

/// <summary>One number: assign it to an organization or move it to another, release it to the inventory, its trunk, removal.</summary>
public sealed class DetailsModel(NumberInventory inventory, TrunkService trunks, OrganizationService organizations, CurrentUser current)
    : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid? OrganizationId { get; set; }
    [BindProperty] public Guid? TrunkId { get; set; }
    public InventoryRow Number { get; private set; } = null!;
    public IReadOnlyList<OrganizationRow> Organizations { get; private set; } = [];
    public IReadOnlyList<TrunkRow> SharedTrunks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        TrunkId = Number.TrunkId;
    }

    public async Task ReloadAsync()
    {
        Number = await inventory.GetAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        Organizations = (await organizations.ListAsync(new OrganizationListQuery(Sort: "name", Descending: false, PageSize: 200), HttpContext.RequestAborted)).Items;
        SharedTrunks = (await trunks.ListAsync(HttpContext.RequestAborted)).Where(t => t.Shared).ToList();
    }

    public async Task<IActionResult> OnPostAssignAsync()
    {
        if (OrganizationId is not { } organization) throw new Domain.ValidationException(nameof(OrganizationId), "Choose the organization.");
        var before = await inventory.GetAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        await inventory.AssignAsync(current.AsPlatformManager, Id, organization, HttpContext.RequestAborted);
        TempData.Success(before.OrganizationId is null ? "Assigned; it hangs up until the organization routes it." : "Moved; it hangs up until the new organization routes it.");
        return Redirect($"/Platform/Numbers/{Id}");
    }

    public async Task<IActionResult> OnPostTrunkAsync()
    {
        await inventory.SetTrunkAsync(current.AsPlatformManager, Id, TrunkId, HttpContext.RequestAborted);
        TempData.Success("Saved.");
        return Redirect($"/Platform/Numbers/{Id}");
    }

    public async Task<IActionResult> OnPostReleaseAsync()
    {
        await inventory.ReleaseAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success("Released to the inventory.");
        return Redirect($"/Platform/Numbers/{Id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        var number = await inventory.GetAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        await inventory.RemoveAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success($"Removed {number.Number} from the platform.");
        return Redirect("/Platform/Numbers");
    }
}
