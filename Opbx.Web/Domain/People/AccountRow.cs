namespace Opbx.Domain.People;

/// <summary>An account as the platform's users list shows it; <see cref="InvitedAt"/> is the latest pending invitation, if any.</summary>
public sealed record AccountRow(Guid Id, string Name, string Email, bool IsActive, bool IsPlatformManager, DateTimeOffset? LastLoginAt,
    IReadOnlyList<AccountMembershipRow> Memberships, bool HasPassword = true)
{
    public DateTimeOffset? InvitedAt => Memberships.Max(m => m.InvitedAt);
}
