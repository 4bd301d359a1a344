using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.RingGroups;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(RingGroupService groups, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public RingGroupInput Input { get; set; } = new() { Strategy = "simultaneous" };
    /// <summary>Members in ringing order as the picker posts them ("301 · Front desk"), one per position (empty ones are skipped).</summary>
    [BindProperty] public List<string?> MemberIds { get; set; } = [];
    [BindProperty] public string? Fallback { get; set; }

    public void OnGet() { }

    public Task ReloadAsync() => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync()
    {
        Input.MemberIds = await choices.MemberIdsAsync(MemberIds, nameof(MemberIds), HttpContext.RequestAborted);
        Input.Fallback = await choices.DestinationAsync(Fallback, nameof(Fallback), HttpContext.RequestAborted);
        var group = await groups.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success($"Ring group {group.Number} created; it is being deployed.");
        return Redirect(org.Path($"/RingGroups/{group.Id}"));
    }
}
