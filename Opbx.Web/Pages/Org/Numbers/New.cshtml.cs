using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Numbers;

/// <summary>Adds one of the organization's own numbers on one of its own trunks (the provider's numbers come from the inventory).</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(DidService numbers, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public DidInput Input { get; set; } = new();
    [BindProperty] public string? Destination { get; set; }
    public LimitUsage Usage { get; private set; } = null!;
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        Usage = await numbers.UsageAsync(HttpContext.RequestAborted);
        Trunks = await choices.OwnTrunksAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Destination = await choices.DestinationAsync(Destination, nameof(Destination), HttpContext.RequestAborted);
        var did = await numbers.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Number {did.Number} added; it is being deployed.");
        return Redirect(org.Path("/Numbers"));
    }
}
