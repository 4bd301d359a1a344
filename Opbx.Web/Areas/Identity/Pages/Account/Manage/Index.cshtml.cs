using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Everyone's one profile (Identity's own page showed a user name and a phone only): name, phone, the organization that
/// opens after sign-in, the sign-in e-mail with who may change it, and the person's place in each organization.
/// </summary>
public sealed class IndexModel(AccountService accounts, CurrentUser current) : PageModel, IReloadablePage
{
    public sealed record OrganizationPlace(Guid Id, string Name, string Role, string? Extension);

    public sealed class ProfileInput
    {
        public string Name { get; set; } = "";
        public string? Phone { get; set; }
        public Guid? DefaultOrganization { get; set; }
    }

    [BindProperty] public ProfileInput Input { get; set; } = new();
    public List<OrganizationPlace> Places { get; private set; } = [];
    public string Email => current.Account?.Email ?? "";
    public (string Text, string? Link) WhoChangesEmail { get; private set; } = ("", null);
    public bool IsPlatformManager => current.IsPlatformManager;
    public Guid AccountId => current.Id;

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        var account = current.Account!;
        Input = new ProfileInput
        {
            Name = account.Name,
            Phone = account.PhoneNumber,
            DefaultOrganization = account.DefaultOrganizationId is { } d && Places.Any(p => p.Id == d) ? d : Places.FirstOrDefault()?.Id,
        };
    }

    public async Task ReloadAsync()
    {
        var usable = current.UsableMemberships.ToList();
        var extensions = await accounts.ExtensionsAsync(current.Id, HttpContext.RequestAborted);
        Places = usable.Select(m => new OrganizationPlace(m.OrganizationId, m.Organization!.Name, Names.Label(m.Role), extensions.GetValueOrDefault(m.OrganizationId)))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        WhoChangesEmail = DescribeWhoChangesEmail();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await accounts.UpdateOwnProfileAsync(current.Id, Input.Name, Input.Phone, Input.DefaultOrganization, HttpContext.RequestAborted);
        TempData.Success("Saved your profile.");
        return RedirectToPage();
    }

    /// <summary>
    /// Who may change this person's sign-in e-mail (AccessRules.ChangeCredentials): they themselves from the pages where an
    /// administrator edits people (their own page in a user list), someone who administers every organization they belong
    /// to, or a platform manager. There is no self-service change here: it would go around those pages' checks.
    /// </summary>
    private (string Text, string? Link) DescribeWhoChangesEmail()
    {
        if (current.IsPlatformManager) return ("As a platform manager you change it on your own page in the platform's user list.", $"/Platform/Users/{current.Id}");
        var administered = current.UsableMemberships.FirstOrDefault(m => m.Role is OrgRole.Owner or OrgRole.PbxAdmin);
        if (administered is not null)
            return ($"You change it on your own page in the user list of {administered.Organization!.Name}.", $"/Org/{administered.OrganizationId}/Users/{administered.Id}");
        var memberships = current.Memberships;
        if (memberships.Count == 1)
            return ($"To change it, ask an owner or a PBX admin of {memberships[0].Organization?.Name ?? "your organization"}.", null);
        return ("To change it, ask someone who administers all of your organizations, or your service provider.", null);
    }
}
