using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Opbx.Domain;

namespace Opbx.Web;

/// <summary>Identity's user manager; a password the person chose themselves clears "must change password".</summary>
public sealed class OpbxUserManager(
    IUserStore<Account> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<Account> passwordHasher,
    IEnumerable<IUserValidator<Account>> userValidators, IEnumerable<IPasswordValidator<Account>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Account>> logger)
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
}
