using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Opbx.Domain.Organizations;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Platform.Users;

/// <summary>Platform managers add a person to any organization (explicitly entering that organization).</summary>
public sealed class NewModel(MemberService members, OrganizationService organizations, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true, Name = "org")] public Guid? OrganizationId { get; set; }
    [BindProperty] public NewMember Input { get; set; } = new();
    public List<SelectListItem> Organizations { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        Organizations = (await organizations.NamesAsync(HttpContext.RequestAborted)).Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToList();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (OrganizationId is not { } orgId)
        {
            ModelState.AddModelError(nameof(OrganizationId), "Choose the organization the person joins.");
            await ReloadAsync();
            return Page();
        }
        var membership = await members.AddToAsync(orgId, current.ActorIn(orgId), Input, HttpContext.RequestAborted);
        TempData.Success(Input.SendInvitation ? $"Added {Input.Email}; an invitation is on its way." : $"Added {Input.Email}.");
        return Redirect($"/Platform/Users/{membership.AccountId}");
    }
}
