using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;

namespace Opbx.Pages;

/// <summary>The invitation link: sets the new member's password once and lands them in their organization.</summary>
public sealed class InviteModel(UserManager<Account> users, SignInManager<Account> signIn, AuditActor audit, Invitations invitations) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Account { get; set; }
    [BindProperty(SupportsGet = true)] public Guid Org { get; set; }
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Confirm { get; set; } = "";
    public string? Organization { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await LoadAsync();
        if (account is null) return Page();
        if (Password != Confirm) ModelState.AddModelError(nameof(Confirm), "The two passwords are not the same.");
        if (!ModelState.IsValid) return Page();
        audit.Set(account.Email!, account.Id, AuditSource.Web);
        string token;
        try
        {
            token = Invitations.DecodeCode(Code);
        }
        catch (FormatException)
        {
            Organization = null;
            return Page();
        }
        if (!await invitations.IsValidAsync(account, token))
        {
            Organization = null;
            return Page();
        }
        // The account has no password yet (LoadAsync): adding one changes its security stamp, so the link works once.
        var result = await users.AddPasswordAsync(account, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(nameof(Password), e.Description);
            return Page();
        }
        account.EmailConfirmed = true;
        account.DefaultOrganizationId ??= Org;
        await users.UpdateAsync(account);
        await signIn.SignInAsync(account, isPersistent: false);
        return Redirect($"/Org/{Org}");
    }

    private async Task<Account?> LoadAsync()
    {
        if (await invitations.PendingAsync(Account, Org, HttpContext.RequestAborted) is not var (account, organization)) return null;
        Organization = organization;
        Email = account.Email;
        return account;
    }
}
