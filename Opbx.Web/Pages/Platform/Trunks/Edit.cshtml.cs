using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Platform.Trunks;

public sealed class EditModel(TrunkService trunks, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public TrunkInput Input { get; set; } = new();
    [BindProperty] public string? InboundMatch { get; set; }
    public TrunkRow Trunk { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await ReloadAsync();
        if (!Trunk.Shared) return NotFound();
        Input = new TrunkInput
        {
            Name = Trunk.Name, Host = Trunk.Host, Port = Trunk.Port, Transport = Names.Of(Trunk.Transport), Username = Trunk.Username,
            Register = Trunk.Register, MaxChannels = Trunk.MaxChannels,
        };
        InboundMatch = string.Join('\n', Trunk.InboundMatch);
        return Page();
    }

    public async Task ReloadAsync() => Trunk = await trunks.GetAsync(Id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.InboundMatch = TrunkForm.Lines(InboundMatch);
        await trunks.UpdateAsync(current.AsPlatformManager, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; every organization using it is being deployed.");
        return Redirect($"/Platform/Trunks/{Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var trunk = await trunks.GetAsync(Id, HttpContext.RequestAborted);
        var used = await trunks.DeleteAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success(used.Count == 0 ? $"Deleted shared trunk {trunk.Name}." : $"Deleted shared trunk {trunk.Name}; {string.Join(", ", used)} no longer use it.");
        return Redirect("/Platform/Trunks");
    }
}
