using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Emergency;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(EmergencyNumberService emergency, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public EmergencyNumberInput Input { get; set; } = new();
    [BindProperty] public List<Guid?> TrunkIds { get; set; } = [];
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];
    public IReadOnlyList<Choice> Numbers { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        Trunks = await choices.TrunksAsync(HttpContext.RequestAborted);
        Numbers = await choices.NumbersAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.TrunkIds = TrunkIds.OfType<Guid>().ToList();
        var number = await emergency.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Emergency number {number.Number} created; it is being deployed.");
        return Redirect(org.Path("/Emergency"));
    }
}
