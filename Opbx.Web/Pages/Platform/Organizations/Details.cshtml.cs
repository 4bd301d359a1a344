using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Pages.Platform.Organizations;

public sealed class DetailsModel(OrganizationService organizations, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public OrganizationSettings Settings { get; set; } = new();
    public Organization Organization { get; private set; } = null!;
    public OrganizationRow Usage { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Settings = OrganizationSettings.From(Organization);
    }

    public async Task ReloadAsync()
    {
        Organization = await organizations.GetAsync(Id, HttpContext.RequestAborted);
        Usage = await organizations.GetRowAsync(Id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await ReloadAsync();
            return Page();
        }
        var saved = await organizations.UpdateAsync(current.AsPlatformManager, Id, Settings, HttpContext.RequestAborted);
        TempData.Success($"Saved the changes to {saved.Name}.");
        return Redirect($"/Platform/Organizations/{Id}");
    }

    public async Task<IActionResult> OnPostSuspendAsync()
    {
        var o = await organizations.SuspendAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success($"{o.Name} is suspended. Its members were signed out.");
        return Redirect($"/Platform/Organizations/{Id}");
    }

    public async Task<IActionResult> OnPostReactivateAsync()
    {
        var o = await organizations.ReactivateAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success($"{o.Name} is active again.");
        return Redirect($"/Platform/Organizations/{Id}");
    }
}
