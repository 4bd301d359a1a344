using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.RingGroups;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(RingGroupService groups, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public RingGroupInput Input { get; set; } = new();
    [BindProperty] public List<string?> MemberIds { get; set; } = [];
    [BindProperty] public string? Fallback { get; set; }
    public RingGroupRow Group { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new RingGroupInput { Number = Group.Number, Name = Group.Name, Strategy = Names.Of(Group.Strategy), RingSeconds = Group.RingSeconds };
        MemberIds = (await choices.MemberTextsAsync(Group.MemberIds, HttpContext.RequestAborted)).ToList();
        Fallback = await choices.DestinationTextAsync(Group.Fallback, HttpContext.RequestAborted);
    }

    public async Task ReloadAsync()
    {
        Group = await groups.GetAsync(Id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.MemberIds = await choices.MemberIdsAsync(MemberIds, nameof(MemberIds), HttpContext.RequestAborted);
        Input.Fallback = await choices.DestinationAsync(Fallback, nameof(Fallback), HttpContext.RequestAborted);
        await groups.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/RingGroups/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var group = await groups.GetAsync(Id, HttpContext.RequestAborted);
        var cleared = await groups.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success(cleared.Count == 0 ? $"Deleted ring group {group.Number}."
            : $"Deleted ring group {group.Number}; {string.Join(", ", cleared)} now hang up.");
        return Redirect(org.Path("/RingGroups"));
    }
}
