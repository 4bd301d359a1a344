using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.People;
using Opbx.Email;

namespace Opbx.Domain.People;

/// <summary>
/// Identity's user manager. A password the person chose themselves clears "must change password"; a person who changes
/// their own security stamp keeps the session they did it in. It knows nothing of the request: who acts, from where and
/// in which session come from <see cref="AuditActor"/>, and the accounts whose stamp changed are left in
/// <see cref="ChangedSecurityStamps"/> for the web layer to re-issue the acting person's cookie.
/// </summary>
public sealed class OpbxUserManager(
    IUserStore<Account> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<Account> passwordHasher,
    IEnumerable<IUserValidator<Account>> userValidators, IEnumerable<IPasswordValidator<Account>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Account>> logger,
    ChangedSecurityStamps changedStamps, OpbxDb db, AuditActor audit, AccountSessions sessions, TimeProvider clock, SecurityLog log, Mailer mailer,
    PublicAddress publicAddress)
    : UserManager<Account>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    // Set while a new password replaces the old one, so the save that stores it also ends what the old one opened.
    private bool _passwordReplaced;

    public override async Task<IdentityResult> ChangePasswordAsync(Account user, string currentPassword, string newPassword)
    {
        user.MustChangePassword = false;
        return await ReplacingPasswordAsync(SecurityLog.PasswordChanged, () => base.ChangePasswordAsync(user, currentPassword, newPassword));
    }

    public override async Task<IdentityResult> ResetPasswordAsync(Account user, string token, string newPassword)
    {
        user.MustChangePassword = false;
        return await ReplacingPasswordAsync(SecurityLog.PasswordReset, () => base.ResetPasswordAsync(user, token, newPassword));
    }

    public override async Task<IdentityResult> AddPasswordAsync(Account user, string password)
    {
        user.MustChangePassword = false;
        return await ReplacingPasswordAsync(SecurityLog.PasswordSet, () => base.AddPasswordAsync(user, password));
    }

    public override Task<IdentityResult> RemovePasswordAsync(Account user) =>
        ReplacingPasswordAsync(SecurityLog.PasswordReset, () => base.RemovePasswordAsync(user));

    /// <summary>The failure that locks the account is recorded, and the account's owner gets an e-mail (the caller is told nothing).</summary>
    public override async Task<IdentityResult> AccessFailedAsync(Account user)
    {
        var wasLocked = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        if (!result.Succeeded || wasLocked || !await IsLockedOutAsync(user)) return result;
        var address = audit.Address ?? "an unknown address";
        var until = user.LockoutEnd ?? clock.GetUtcNow();
        await log.RecordAsync(SecurityLog.LockedOut, user, null,
            $"Locked until {until:yyyy-MM-dd HH:mm} UTC after {Options.Lockout.MaxFailedAccessAttempts} failed attempts; the last from {address}.");
        if (user.Email is not null)
        {
            await mailer.QueueAsync(user.Email, "locked", new Dictionary<string, object?>
            {
                ["name"] = user.Name,
                ["email"] = user.Email,
                ["attempts"] = Options.Lockout.MaxFailedAccessAttempts,
                ["until"] = until.ToString("yyyy-MM-dd HH:mm"),
                ["address"] = address,
                ["link"] = $"{publicAddress.BaseUrl}/Identity/Account/ForgotPassword",
            });
        }
        return result;
    }

    public override Task<IdentityResult> SetTwoFactorEnabledAsync(Account user, bool enabled) =>
        NamedAsync(enabled ? SecurityLog.TwoFactorEnabled : SecurityLog.TwoFactorDisabled, () => base.SetTwoFactorEnabledAsync(user, enabled));

    /// <summary>New recovery codes change no audited field of the account (they live in its tokens), so the event is recorded here.</summary>
    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(Account user, int number)
    {
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        if (codes is not null) await log.RecordAsync(SecurityLog.RecoveryCodesGenerated, user, null, $"{number} new recovery codes; the earlier ones no longer work.");
        return codes;
    }

    public override Task<IdentityResult> ResetAuthenticatorKeyAsync(Account user) =>
        NamedAsync(SecurityLog.AuthenticatorReset, () => base.ResetAuthenticatorKeyAsync(user));

    private async Task<IdentityResult> ReplacingPasswordAsync(string action, Func<Task<IdentityResult>> change)
    {
        _passwordReplaced = true;
        try
        {
            return await NamedAsync(action, change);
        }
        finally
        {
            _passwordReplaced = false;
        }
    }

    /// <summary>The account's audit entry for this change gets the security event's name instead of "account.updated".</summary>
    private async Task<IdentityResult> NamedAsync(string action, Func<Task<IdentityResult>> change)
    {
        audit.Describe("account", action["account.".Length..]);
        try
        {
            return await change();
        }
        finally
        {
            // A change that touched no audited field leaves no entry; the name must not stick to the next save.
            audit.Verbs.Remove("account");
        }
    }

    /// <summary>
    /// Every change of an account passes here. Sessions are checked against the security stamp on every request, so
    /// a person who changes their own stamp in the browser (setting up or turning off an authenticator, which Identity's
    /// pages do without refreshing the sign-in) would be signed out mid-way; the account is noted in
    /// <see cref="ChangedSecurityStamps"/> so the web layer re-issues their cookie, and only their other sessions end.
    /// </summary>
    protected override async Task<IdentityResult> UpdateUserAsync(Account user)
    {
        if (_passwordReplaced) await EndWhatTheOldPasswordOpenedAsync(user);
        var result = await base.UpdateUserAsync(user);
        if (result.Succeeded) changedStamps.Record(user);
        return result;
    }

    /// <summary>
    /// A new password, whoever sets it, ends the person's platform tokens and their other browser sessions, in the same
    /// save as the password (SPEC §1: immediate effect). The session that changed its own password stays.
    /// </summary>
    private async Task EndWhatTheOldPasswordOpenedAsync(Account user)
    {
        var now = clock.GetUtcNow();
        var tokens = await db.PlatformTokens.Where(t => t.AccountId == user.Id && t.RevokedAt == null).ToListAsync();
        foreach (var token in tokens) token.RevokedAt = now;
        if (tokens.Count > 0) audit.Describe("platform_token", "revoked");
        // The session this change is made in, when the person changes their own password.
        Guid? own = audit.AccountId == user.Id ? audit.SessionId : null;
        await sessions.StageEndAllAsync(user.Id, own);
    }
}
