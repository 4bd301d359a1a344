using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Pages.Platform.Organizations;

public sealed class DeleteModel(OrganizationService organizations, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string ConfirmName { get; set; } = "";
    public DeletionPreview Preview { get; private set; } = null!;

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync() => Preview = await organizations.PreviewDeletionAsync(Id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        await ReloadAsync();
        await organizations.DeleteAsync(current.AsPlatformManager, Id, ConfirmName, HttpContext.RequestAborted);
        TempData.Success($"{Preview.Organization.Name} and all its data were deleted.");
        return Redirect("/Platform/Organizations");
    }
}
