using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Pages.Platform.Users;

public sealed class EditModel(AccountService accounts, CurrentUser current) : PageModel, IReloadablePage
{
    public sealed class ProfileInput
    {
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string? Phone { get; set; }
    }

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public ProfileInput Profile { get; set; } = new();
    [BindProperty] public string NewPassword { get; set; } = "";
    [BindProperty] public bool MustChange { get; set; } = true;
    public Account Account { get; private set; } = null!;
    public AccountOffer Offer { get; private set; } = null!;

    public Task OnGetAsync() => ReloadAsync();

    /// <summary>Each form shows the account as stored; after a refused post, the form that was sent keeps what was typed (ModelState).</summary>
    public async Task ReloadAsync()
    {
        Account = await accounts.GetAsync(Id, HttpContext.RequestAborted);
        Offer = await accounts.OfferAsync(current.AsPlatformManager, Account, HttpContext.RequestAborted);
        Profile = new ProfileInput { Name = Account.Name, Email = Account.Email ?? "", Phone = Account.PhoneNumber };
    }

    public async Task<IActionResult> OnPostProfileAsync()
    {
        await accounts.UpdateProfileAsync(current.AsPlatformManager, Id, Profile.Name, Profile.Email, Profile.Phone, HttpContext.RequestAborted);
        return Done("Saved the profile.");
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        await accounts.ResetPasswordAsync(current.AsPlatformManager, Id, NewPassword, MustChange, HttpContext.RequestAborted);
        return Done(MustChange ? "Password reset; they must choose a new one at next sign-in." : "Password reset.");
    }

    public async Task<IActionResult> OnPostDeactivateAsync()
    {
        await accounts.SetActiveAsync(current.AsPlatformManager, Id, false, HttpContext.RequestAborted);
        return Done("Deactivated; their sessions and tokens stopped working.");
    }

    public async Task<IActionResult> OnPostActivateAsync()
    {
        await accounts.SetActiveAsync(current.AsPlatformManager, Id, true, HttpContext.RequestAborted);
        return Done("Activated.");
    }

    public async Task<IActionResult> OnPostGrantPlatformAsync()
    {
        await accounts.SetPlatformManagerAsync(current.AsPlatformManager, Id, true, HttpContext.RequestAborted);
        return Done("They are now a platform manager.");
    }

    public async Task<IActionResult> OnPostRevokePlatformAsync()
    {
        await accounts.SetPlatformManagerAsync(current.AsPlatformManager, Id, false, HttpContext.RequestAborted);
        return Done("Platform manager revoked.");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        await ReloadAsync();
        await accounts.DeleteAsync(current.AsPlatformManager, Id, HttpContext.RequestAborted);
        TempData.Success($"Deleted {Account.Name}'s account.");
        return Redirect("/Platform/Users");
    }

    private RedirectResult Done(string message)
    {
        TempData.Success(message);
        return Redirect($"/Platform/Users/{Id}");
    }
}
