using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Org.Users;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(MemberService members, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public NewMember Input { get; set; } = new();
    public SeatUsage Seats { get; private set; } = null!;

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync() => Seats = await members.SeatsAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var membership = await members.AddAsync(org.Actor, Input, HttpContext.RequestAborted);
        TempData.Success(Input.SendInvitation ? $"Added {Input.Email}; an invitation is on its way." : $"Added {Input.Email}.");
        return Redirect(org.Path($"/Users/{membership.Id}"));
    }
}
