using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.People;

namespace Opbx.Web.Authentication;

/// <summary>Identity's sign-in with Opbx's sign-in policy and the last-login time.</summary>
public sealed class OpbxSignInManager(
    UserManager<Account> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Account> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<Account>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Account> confirmation, OpbxDb db, TimeProvider clock, AccountSessions sessions, SecurityLog log)
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

    // A hash of a password nobody has, checked when the e-mail matches no account, so that answer takes as long as a wrong
    // password for a real account (the hasher's work dominates the time of a sign-in).
    private static string? _standInHash;

    /// <summary>After a refused attempt: whether the password itself was right (the page then may say why it was refused).</summary>
    public bool PasswordWasRight { get; private set; }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is not null) return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        var hasher = UserManager.PasswordHasher;
        _standInHash ??= hasher.HashPassword(new Account(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(new Account(), _standInHash, password ?? "");
        await log.RecordAsync(SecurityLog.SignInFailed, null, userName, $"No account has this address. {Where()}");
        return SignInResult.Failed;
    }

    /// <summary>
    /// Identity answers a locked or refused account before it looks at the password; here the password is checked either
    /// way, so every attempt costs one hash (same timing) and a locked account answers like a wrong password.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(Account user, string password, bool lockoutOnFailure)
    {
        var refused = await PreSignInCheck(user);
        if (refused is not null)
        {
            PasswordWasRight = await UserManager.CheckPasswordAsync(user, password);
            await log.RecordAsync(SecurityLog.SignInFailed, user, null,
                (refused.IsLockedOut ? "The account is locked. " : "Sign-in is not allowed for this account. ") + Where());
            return refused;
        }
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        PasswordWasRight = result.Succeeded;
        if (!result.Succeeded)
            await log.RecordAsync(SecurityLog.SignInFailed, user, null, (result.IsLockedOut ? "Wrong password; the account is now locked. " : "Wrong password. ") + Where());
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null && !result.Succeeded) await log.RecordAsync(SecurityLog.SignInFailed, user, null, $"Wrong authenticator code. {Where()}");
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await log.RecordAsync(result.Succeeded ? SecurityLog.RecoveryCodeUsed : SecurityLog.SignInFailed, user, null,
                (result.Succeeded ? "A recovery code was used to sign in. " : "Wrong recovery code. ") + Where());
        }
        return result;
    }

    private string Where() => $"From {Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}.";

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

    /// <summary>
    /// Every sign-in records a server-side session and names it in the cookie; a refresh keeps the session it refreshes.
    /// </summary>
    public override async Task SignInWithClaimsAsync(Account user, AuthenticationProperties? authenticationProperties,
        IEnumerable<Claim> additionalClaims)
    {
        if (_refreshing && Guid.TryParse(Context.User.FindFirstValue(AccountSessions.Claim), out var current))
        {
            await sessions.RestampAsync(current, user.SecurityStamp ?? "");
            await base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims, new Claim(AccountSessions.Claim, current.ToString())]);
            return;
        }
        var browser = Context.Request.Headers.UserAgent.ToString();
        var session = await sessions.StartAsync(user, Context.Connection.RemoteIpAddress?.ToString() ?? "", browser);
        await base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims, new Claim(AccountSessions.Claim, session.Id.ToString())]);
        if (_refreshing) return;
        var now = clock.GetUtcNow();
        await db.Users.Where(a => a.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastLoginAt, now));
        await log.RecordAsync(SecurityLog.SignedIn, user, null, $"{Where()} {(browser.Length > 200 ? browser[..200] : browser)}".Trim());
    }

    /// <summary>Signing out ends the session on the server, so a copy of the cookie taken before is refused afterwards.</summary>
    public override async Task SignOutAsync()
    {
        if (Guid.TryParse(Context.User.FindFirstValue(AccountSessions.Claim), out var session)
            && Guid.TryParse(Context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var account))
        {
            await sessions.EndAsync(account, session);
            await log.RecordAsync(SecurityLog.SignedOut, await UserManager.FindByIdAsync(account.ToString()), null, Where());
        }
        await base.SignOutAsync();
    }
}
