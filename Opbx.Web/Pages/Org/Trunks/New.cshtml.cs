using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Trunks;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(TrunkService trunks, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public TrunkInput Input { get; set; } = new();
    /// <summary>Addresses or networks, one per line.</summary>
    [BindProperty] public string? InboundMatch { get; set; }
    public LimitUsage Usage { get; private set; } = null!;

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync() => Usage = await trunks.UsageAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        Input.InboundMatch = TrunkForm.Lines(InboundMatch);
        var trunk = await trunks.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Trunk {trunk.Name} created; it is being deployed.");
        return Redirect(org.Path("/Trunks"));
    }
}
