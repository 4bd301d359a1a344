using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>Invitation links, with which a new member chooses their first password: valid seven days.</summary>
public sealed class InvitationLinks : DataProtectionTokenProviderOptions
{
    public const string Provider = "Invitation";
    public const string Purpose = "AcceptInvitation";
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public InvitationLinks()
    {
        Name = Provider;
        TokenLifespan = ValidFor;
    }
}
