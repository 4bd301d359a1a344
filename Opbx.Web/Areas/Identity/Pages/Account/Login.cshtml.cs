using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Web;

namespace Opbx.Areas.Identity.Pages.Account;

/// <summary>Identity's sign-in page, with a clear reason when an account may not sign in (deactivated, suspended organization).</summary>
[AllowAnonymous]
public sealed class LoginModel(OpbxSignInManager signIn, UserManager<Opbx.Domain.Account> users) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true, Name = "ended")] public bool SessionEnded { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        SessionEnded = false;
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(returnUrl);
        if (result.RequiresTwoFactor) return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, RememberMe = Input.RememberMe });
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes. You can reset your password by email.");
            return Page();
        }
        if (result.IsNotAllowed)
        {
            // Only say why once the password is proven, so the page does not reveal who has an account.
            var account = await users.FindByEmailAsync(Input.Email.Trim());
            if (account is not null && await users.CheckPasswordAsync(account, Input.Password))
            {
                ModelState.AddModelError("", await signIn.RefusalAsync(account) ?? "This account may not sign in.");
                return Page();
            }
        }
        ModelState.AddModelError("", "The email or password is not right.");
        return Page();
    }
}
