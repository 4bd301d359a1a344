using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.RingGroups;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(RingGroupService groups, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public RingGroupInput Input { get; set; } = new() { Strategy = "simultaneous" };
    /// <summary>Members in ringing order, one select per position (empty positions are skipped).</summary>
    [BindProperty] public List<Guid?> MemberIds { get; set; } = [];
    [BindProperty] public string? Fallback { get; set; }
    public IReadOnlyList<Choice> Extensions { get; private set; } = [];
    public IReadOnlyList<Choice> Destinations { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        Extensions = await choices.ExtensionsAsync(HttpContext.RequestAborted);
        Destinations = await choices.DestinationsAsync(null, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.MemberIds = MemberIds.OfType<Guid>().ToList();
        Input.Fallback = DestinationChoice.Parse(Fallback);
        var group = await groups.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Ring group {group.Number} created; it is being deployed.");
        return Redirect(org.Path($"/RingGroups/{group.Id}"));
    }
}
