namespace Opbx.Domain.People;

public sealed record AccountMembershipRow(Guid OrganizationId, string Organization, OrgRole Role, MembershipStatus Status, DateTimeOffset? InvitedAt = null);
