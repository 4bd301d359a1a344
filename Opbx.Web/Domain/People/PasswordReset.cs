using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>An administrator sets a new password without the old one (optionally forcing a change at next sign-in).</summary>
public static class PasswordReset
{
    /// <summary>Identity's rules apply; the security stamp changes, so the person's open sessions end.</summary>
    public static async Task SetAsync(UserManager<Account> users, Account account, string password, bool mustChange)
    {
        var token = await users.GeneratePasswordResetTokenAsync(account);
        var result = await users.ResetPasswordAsync(account, token, password ?? "");
        if (!result.Succeeded) throw MemberService.IdentityErrors(result);
        account.MustChangePassword = mustChange;
        await users.UpdateAsync(account);
    }
}
