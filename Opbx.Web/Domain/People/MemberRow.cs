namespace Opbx.Domain.People;

/// <summary>
/// A member as the users list shows it; <see cref="ExtensionLive"/> says whether the extension registers and rings;
/// <see cref="InvitedAt"/> is set while an invitation waits to be accepted, and <see cref="HasPassword"/> says whether
/// the person can sign in at all yet.
/// </summary>
public sealed record MemberRow(Guid Id, Guid AccountId, string Name, string Email, OrgRole Role, MembershipStatus Status, string? Extension,
    bool ExtensionLive, DateTimeOffset? LastLoginAt, DateOnly? DeleteOn, bool AccountActive = true, bool HasPassword = true, DateTimeOffset? InvitedAt = null)
{
    /// <summary>What the rules look at: a deactivated account counts as an inactive member everywhere.</summary>
    public MemberFacts Facts => new(AccountId, Role, AccountActive ? Status : MembershipStatus.Inactive);

    /// <summary>Waiting for the person to choose a password: invited (<see cref="InvitedAt"/>) or added without an invitation.</summary>
    public bool AwaitsPassword => !HasPassword;
}
