using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Routes;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(OutboundRouteService routes, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public OutboundRouteInput Input { get; set; } = new();
    [BindProperty] public List<PatternRow> Patterns { get; set; } = [];
    [BindProperty] public List<Guid?> TrunkIds { get; set; } = [];
    public OutboundRouteRow Route { get; private set; } = null!;
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];
    public IReadOnlyList<Choice> Numbers { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new OutboundRouteInput { Name = Route.Name, CallerIdDidId = Route.CallerIdDidId };
        Patterns = RouteForm.FromInput(Route.Patterns);
        TrunkIds = Route.TrunkIds.Select(id => (Guid?)id).ToList();
    }

    public async Task ReloadAsync()
    {
        Route = await routes.GetAsync(Id, HttpContext.RequestAborted);
        Trunks = await choices.TrunksAsync(HttpContext.RequestAborted);
        Numbers = await choices.NumbersAsync(HttpContext.RequestAborted);
        Patterns = Patterns.Where(p => !string.IsNullOrWhiteSpace(p.Pattern)).ToList();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.Patterns = RouteForm.ToInput(Patterns);
        Input.TrunkIds = TrunkIds.OfType<Guid>().ToList();
        await routes.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/Routes/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var route = await routes.GetAsync(Id, HttpContext.RequestAborted);
        await routes.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success($"Deleted route {route.Name}.");
        return Redirect(org.Path("/Routes"));
    }
}
