using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>Everyone's own page: name, phone, which organization opens after sign-in, and their extension here.</summary>
[OrgAccess(OrgAccess.Member)]
public sealed class ProfileModel(OpbxDb db, CurrentUser current, OrgContext org) : PageModel, IReloadablePage
{
    public sealed record OrganizationChoice(Guid Id, string Name);

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public Guid? DefaultOrganization { get; set; }
    public List<OrganizationChoice> Organizations { get; private set; } = [];
    public string? Extension { get; private set; }
    public string? Email => current.Account?.Email;

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Name = current.Account!.Name;
        Phone = current.Account.PhoneNumber;
        DefaultOrganization = current.Account.DefaultOrganizationId ?? org.Id;
    }

    public async Task ReloadAsync()
    {
        Organizations = current.UsableMemberships.Select(m => new OrganizationChoice(m.OrganizationId, m.Organization!.Name)).ToList();
        Extension = await db.Extensions.Where(x => x.Membership != null && x.Membership.AccountId == current.Id).Select(x => x.Number).FirstOrDefaultAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new FieldErrors();
        var name = SingleLineText.Clean(Name, errors, nameof(Name));
        if (name.Length is < 1 or > 100) errors.Add(nameof(Name), "Enter a name of 1 to 100 characters.");
        if (!string.IsNullOrWhiteSpace(Phone) && !PhoneNumber.IsValid(Phone)) errors.Add(nameof(Phone), "Enter a phone number of digits, spaces, +, - or parentheses.");
        errors.ThrowIfAny();
        var account = await db.Users.FirstAsync(a => a.Id == current.Id);
        account.Name = name;
        account.PhoneNumber = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
        if (DefaultOrganization is { } d && current.UsableMemberships.Any(m => m.OrganizationId == d)) account.DefaultOrganizationId = d;
        await db.SaveChangesAsync();
        TempData.Success("Saved your profile.");
        return Redirect(org.Path("/Profile"));
    }
}
