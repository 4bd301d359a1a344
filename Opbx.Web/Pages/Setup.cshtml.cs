using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages;

/// <summary>The one-time setup link printed on first start when no platform manager exists.</summary>
public sealed class SetupModel(SetupToken setup, AccountService accounts, SignInManager<Account> signIn, AuditActor audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public bool Valid { get; private set; }

    public async Task OnGetAsync() => Valid = setup.IsValid(Token) && !await accounts.AnyPlatformManagerAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        await OnGetAsync();
        if (!Valid) return Page();
        audit.Set("setup", null, AuditSource.Web);
        if (string.IsNullOrEmpty(Password)) throw new ValidationException(nameof(Password), "Choose a password.");
        var account = await accounts.EnsurePlatformManagerAsync(Email, Name, Password);
        setup.Redeem(Token);
        await signIn.SignInAsync(account, isPersistent: false);
        return Redirect("/Platform");
    }
}
