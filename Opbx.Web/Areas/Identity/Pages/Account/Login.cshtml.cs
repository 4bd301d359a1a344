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
public sealed class LoginModel(OpbxSignInManager signIn, UserManager<Opbx.Domain.People.Account> users, FailureThrottle throttle) : PageModel
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

        // Failed attempts for this account from this address stop before the account's own lockout, so one address cannot
        // lock someone else out; the count is the same whether or not the address has an account.
        var limits = RateLimits.Limits(HttpContext);
        var key = new FailureThrottle.Key("sign-in", RateLimits.Address(HttpContext), users.NormalizeEmail(Input.Email.Trim()) ?? "",
            limits.FailuresPerAccountAndAddress, limits.FailureWindow);
        if (throttle.IsExhausted(key, out var wait))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
            ModelState.AddModelError("", $"Too many failed sign-ins for this address from your network. Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minutes, or reset your password by email.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(returnUrl);
        if (result.RequiresTwoFactor) return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, RememberMe = Input.RememberMe });
        throttle.Failed(key);
        // Only say why once the password is proven, so the page does not reveal who has an account. A locked account
        // answers like a wrong password; its owner is told by e-mail.
        if (result.IsNotAllowed && signIn.PasswordWasRight)
        {
            var account = await users.FindByEmailAsync(Input.Email.Trim());
            if (account is not null)
            {
                ModelState.AddModelError("", await signIn.RefusalAsync(account) ?? "This account may not sign in.");
                return Page();
            }
        }
        ModelState.AddModelError("", "The email or password is not right.");
        return Page();
    }
}
