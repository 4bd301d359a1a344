using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Platform.Trunks;

public sealed class NewModel(TrunkService trunks, CurrentUser current) : PageModel
{
    [BindProperty] public TrunkInput Input { get; set; } = new();
    [BindProperty] public string? InboundMatch { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.InboundMatch = TrunkForm.Lines(InboundMatch);
        var trunk = await trunks.CreateSharedAsync(current.AsPlatformManager, Input, HttpContext.RequestAborted);
        TempData.Success($"Shared trunk {trunk.Name} created.");
        return Redirect("/Platform/Trunks");
    }
}
