using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Platform.Users;

/// <summary>Platform managers add a person to any organization (explicitly entering that organization).</summary>
public sealed class NewModel(MemberService members, TenantContext tenant, OpbxDb db, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true, Name = "org")] public Guid? OrganizationId { get; set; }
    [BindProperty] public NewMember Input { get; set; } = new();
    public List<SelectListItem> Organizations { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync()
    {
        using var _ = tenant.AcrossOrganizations();
        Organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToListAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (OrganizationId is not { } orgId)
        {
            ModelState.AddModelError(nameof(OrganizationId), "Choose the organization the person joins.");
            await ReloadAsync();
            return Page();
        }
        tenant.Enter(orgId);
        var membership = await members.AddAsync(current.ActorIn(orgId), Input, HttpContext.RequestAborted);
        TempData.Success(Input.SendInvitation ? $"Added {Input.Email}; an invitation is on its way." : $"Added {Input.Email}.");
        return Redirect($"/Platform/Users/{membership.AccountId}");
    }
}
