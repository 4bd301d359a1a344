using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Routes;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(OutboundRouteService routes, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public OutboundRouteInput Input { get; set; } = new();
    [BindProperty] public List<PatternRow> Patterns { get; set; } = [];
    [BindProperty] public List<Guid?> TrunkIds { get; set; } = [];
    public IReadOnlyList<Choice> Trunks { get; private set; } = [];
    public IReadOnlyList<Choice> Numbers { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        Trunks = await choices.TrunksAsync(HttpContext.RequestAborted);
        Numbers = await choices.NumbersAsync(HttpContext.RequestAborted);
        Patterns = Patterns.Where(p => !string.IsNullOrWhiteSpace(p.Pattern)).ToList();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Patterns = RouteForm.ToInput(Patterns);
        Input.TrunkIds = TrunkIds.OfType<Guid>().ToList();
        var route = await routes.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Route {route.Name} created; it is being deployed.");
        return Redirect(org.Path("/Routes"));
    }
}
