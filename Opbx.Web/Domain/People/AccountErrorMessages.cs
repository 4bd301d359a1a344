using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>
/// Identity's refusals in Opbx's words. The user name is the e-mail address, so Identity's two checks of one address (user
/// name taken, e-mail taken) say the same sentence, which field errors then show once, and nobody reads "Username".
/// </summary>
public sealed class AccountErrorMessages : IdentityErrorDescriber
{
    public const string Taken = "Another account already uses this email address.";
    public const string Invalid = "Enter a valid email address, like ana@example.com (letters a–z, digits, . _ + - before the @).";

    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = Taken };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = Taken };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = Invalid };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = Invalid };
}
