using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Numbers;

/// <summary>Where a number rings; for the organization's own numbers also its trunk, and removing it.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(DidService numbers, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public DidRouting Input { get; set; } = new();
    [BindProperty] public string? Destination { get; set; }
    public DidRow Number { get; private set; } = null!;
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new DidRouting { TrunkId = Number.TrunkId };
        Destination = await choices.DestinationTextAsync(Number.Destination, HttpContext.RequestAborted);
    }

    public async Task ReloadAsync()
    {
        Number = await numbers.GetAsync(Id, HttpContext.RequestAborted);
        Trunks = await choices.OwnTrunksAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.Destination = await choices.DestinationAsync(Destination, nameof(Destination), HttpContext.RequestAborted);
        await numbers.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/Numbers/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var did = await numbers.GetAsync(Id, HttpContext.RequestAborted);
        await numbers.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success($"Removed number {did.Number}.");
        return Redirect(org.Path("/Numbers"));
    }
}
