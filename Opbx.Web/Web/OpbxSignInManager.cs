using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;

namespace Opbx.Web;

/// <summary>Identity's sign-in with Opbx's sign-in policy and the last-login time.</summary>
public sealed class OpbxSignInManager(
    UserManager<Account> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Account> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Account> confirmation, OpbxDb db, TimeProvider clock)
    : SignInManager<Account>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(Account user) =>
        await base.CanSignInAsync(user) && await RefusalAsync(user) is null;

    /// <summary>Why this account may not sign in now, in words for the person; null when it may.</summary>
    public async Task<string?> RefusalAsync(Account user)
    {
        var memberships = await db.Memberships.IgnoreQueryFilters().AsNoTracking().Include(m => m.Organization)
            .Where(m => m.AccountId == user.Id).ToListAsync();
        return SignInPolicy.Refusal(user, memberships);
    }

    private bool _refreshing;

    /// <summary>A refreshed session (after the person changed their own stamp) is not a new sign-in.</summary>
    public override async Task RefreshSignInAsync(Account user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(Account user, AuthenticationProperties? authenticationProperties,
        IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        if (_refreshing) return;
        var now = clock.GetUtcNow();
        await db.Users.Where(a => a.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastLoginAt, now));
    }
}
