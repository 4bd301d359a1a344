using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>
/// The one path by which an administrator sets a person's password without the old one (optionally forcing a change at next
/// sign-in): a platform manager on the platform's user page, an owner or PBX admin on a member's page, the command line.
/// Who may do it is the calling service's rule; what a password must be, the messages and the field they show at, and
/// the effects (the security stamp changes, so the person's open sessions end) are decided here once.
/// </summary>
public static class PasswordReset
{
    /// <summary>The form field the reset's messages belong to, on every page that offers it.</summary>
    public const string Field = "NewPassword";

    /// <summary>Sets the password (in the caller's write transaction); <paramref name="mustChange"/> null leaves that flag as it is.</summary>
    public static async Task SetAsync(UserManager<Account> users, Account account, string? password, bool? mustChange)
    {
        if (string.IsNullOrEmpty(password)) throw new ValidationException(Field, "Enter the new password.");
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var result = await users.ResetPasswordAsync(account, token, password);
        if (!result.Succeeded) throw new ValidationException(Field, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (mustChange is { } must)
        {
            account.MustChangePassword = must;
            await users.UpdateAsync(account);
        }
    }
}
