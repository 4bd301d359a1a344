using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>"Forgot your password?" links and the resets administrators make: valid two hours.</summary>
public sealed class PasswordResetLinks : DataProtectionTokenProviderOptions
{
    public const string Provider = "PasswordReset";
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(2);

    public PasswordResetLinks()
    {
        Name = Provider;
        TokenLifespan = ValidFor;
    }
}
