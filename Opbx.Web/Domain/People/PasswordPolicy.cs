using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>
/// The length of a password, whoever sets it: Identity's options take the minimum (<see cref="MinLength"/>), and this
/// validator, which Identity runs on every path that sets a password (create, invitation, reset, change, the API and CSV
/// through <c>MemberService</c>), the maximum. 128 characters hold any passphrase and keep hashing a password cheap.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<Account>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const string TooLongCode = "PasswordTooLong";
    public static readonly string TooLong = $"Use at most {MaxLength} characters.";

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = TooLongCode, Description = TooLong })
            : IdentityResult.Success);
}
