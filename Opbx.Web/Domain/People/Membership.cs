using Opbx.Domain.Pbx;

namespace Opbx.Domain.People;

/// <summary>An account's place in an organization.</summary>
public sealed class Membership : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public OrgRole Role { get; set; }
    public MembershipStatus Status { get; set; } = MembershipStatus.Active;
    /// <summary>"Deactivate now, delete later": the day a job deletes this membership if it is still inactive.</summary>
    public DateOnly? DeleteOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// When the last invitation e-mail went out, while it is pending: a trigger clears it once the account has a password
    /// (invitation accepted, or a password set by an administrator).
    /// </summary>
    public DateTimeOffset? InvitedAt { get; set; }
    public Extension? Extension { get; set; }

    public string AuditName => Account?.Email ?? AccountId.ToString();
}
