using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Opbx.Domain;

namespace Opbx.Web;

/// <summary>
/// Identity's user manager. A password the person chose themselves clears "must change password"; a person who changes
/// their own security stamp keeps the session they did it in.
/// </summary>
public sealed class OpbxUserManager(
    IUserStore<Account> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<Account> passwordHasher,
    IEnumerable<IUserValidator<Account>> userValidators, IEnumerable<IPasswordValidator<Account>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Account>> logger,
    IHttpContextAccessor http)
    : UserManager<Account>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> ChangePasswordAsync(Account user, string currentPassword, string newPassword)
    {
        user.MustChangePassword = false;
        return await base.ChangePasswordAsync(user, currentPassword, newPassword);
    }

    public override async Task<IdentityResult> ResetPasswordAsync(Account user, string token, string newPassword)
    {
        user.MustChangePassword = false;
        return await base.ResetPasswordAsync(user, token, newPassword);
    }

    public override async Task<IdentityResult> AddPasswordAsync(Account user, string password)
    {
        user.MustChangePassword = false;
        return await base.AddPasswordAsync(user, password);
    }

    /// <summary>
    /// Every change of an account passes here. Sessions are checked against the security stamp on every request, so
    /// a person who changes their own stamp in the browser (setting up or turning off an authenticator, which Identity's
    /// pages do without refreshing the sign-in) would be signed out mid-way; their cookie is re-issued instead, and
    /// only their other sessions end.
    /// </summary>
    protected override async Task<IdentityResult> UpdateUserAsync(Account user)
    {
        var result = await base.UpdateUserAsync(user);
        if (result.Succeeded) await KeepOwnSessionAsync(user);
        return result;
    }

    private async Task KeepOwnSessionAsync(Account user)
    {
        var context = http.HttpContext;
        var principal = context?.User;
        if (principal?.Identity is not { IsAuthenticated: true, AuthenticationType: var scheme } || scheme != IdentityConstants.ApplicationScheme) return;
        if (GetUserId(principal) != user.Id.ToString()) return;
        if (principal.FindFirst(Options.ClaimsIdentity.SecurityStampClaimType)?.Value == user.SecurityStamp) return;
        await context!.RequestServices.GetRequiredService<SignInManager<Account>>().RefreshSignInAsync(user);
    }
}
