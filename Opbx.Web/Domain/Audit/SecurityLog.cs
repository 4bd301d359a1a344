using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Audit;

/// <summary>
/// Account security events as audit entries with stable action names: sign-ins and their failures, lockouts, password and
/// two-factor changes. Platform managers filter the platform audit log by them; each person sees their own on their profile.
/// Changes to the account row itself (password, two-factor switch) are still written by the audit interceptor, under these
/// names; the events that change no audited field are written here.
/// </summary>
public sealed class SecurityLog(OpbxDb db, AuditActor actor, TimeProvider clock)
{
    public const string SignedIn = "account.signed_in";
    public const string SignInFailed = "account.sign_in_failed";
    public const string LockedOut = "account.locked_out";
    public const string SignedOut = "account.signed_out";
    public const string SessionsEnded = "account.sessions_ended";
    public const string PasswordChanged = "account.password_changed";
    public const string PasswordReset = "account.password_reset";
    public const string PasswordSet = "account.password_set";
    public const string TwoFactorEnabled = "account.two_factor_enabled";
    public const string TwoFactorDisabled = "account.two_factor_disabled";
    public const string AuthenticatorReset = "account.authenticator_reset";
    public const string RecoveryCodesGenerated = "account.recovery_codes_generated";
    public const string RecoveryCodeUsed = "account.recovery_code_used";

    /// <summary>The actions a person sees on their own profile.</summary>
    public static readonly IReadOnlyList<string> AccountActions =
    [
        SignedIn, SignInFailed, LockedOut, SignedOut, SessionsEnded, PasswordChanged, PasswordReset, PasswordSet,
        TwoFactorEnabled, TwoFactorDisabled, AuthenticatorReset, RecoveryCodesGenerated, RecoveryCodeUsed,
    ];

    /// <summary>
    /// Records an event about <paramref name="account"/> (null: an address with no account, named by <paramref name="typed"/>).
    /// Before anyone is signed in, the actor is the person the event is about, as far as the request can tell.
    /// </summary>
    public async Task RecordAsync(string action, Account? account, string? typed, string? note, CancellationToken ct = default)
    {
        var name = account?.Email ?? Truncate(typed ?? "", 200);
        if (actor.AccountId is null) actor.Set(name.Length > 0 ? name : "anonymous", account?.Id, AuditSource.Web);
        var entry = actor.Entry(clock.GetUtcNow(), action, "account", account?.Id.ToString() ?? "", name, null);
        entry.Note = note is null ? null : Truncate(note, 500);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The person's own recent account activity, newest first: the platform's entries (the copies in their organizations'
    /// logs would repeat them).
    /// </summary>
    public async Task<List<AuditEntry>> RecentAsync(Guid accountId, int count = 30, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var id = accountId.ToString();
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "account" && a.TargetId == id && a.OrganizationId == null && AccountActions.Contains(a.Action))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(count).ToListAsync(ct);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
