using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Emergency;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(EmergencyNumberService emergency, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public EmergencyNumberInput Input { get; set; } = new();
    [BindProperty] public List<Guid?> TrunkIds { get; set; } = [];
    public EmergencyNumberRow Number { get; private set; } = null!;
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];
    public IReadOnlyList<Choice> Numbers { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new EmergencyNumberInput { Number = Number.Number, CallerIdDidId = Number.CallerIdDidId };
        TrunkIds = Number.TrunkIds.Select(id => (Guid?)id).ToList();
    }

    public async Task ReloadAsync()
    {
        Number = await emergency.GetAsync(Id, HttpContext.RequestAborted);
        Trunks = await choices.TrunksAsync(HttpContext.RequestAborted);
        Numbers = await choices.NumbersAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.TrunkIds = TrunkIds.OfType<Guid>().ToList();
        await emergency.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/Emergency/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var number = await emergency.GetAsync(Id, HttpContext.RequestAborted);
        await emergency.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success($"Deleted emergency number {number.Number}.");
        return Redirect(org.Path("/Emergency"));
    }
}
