using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>One login identity per e-mail address across the platform.</summary>
public sealed class Account : IdentityUser<Guid>, IAuditNamed
{
    public Account()
    {
        Id = EntityId.New();
        SecurityStamp = EntityId.New().ToString("N");
    }

    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public bool IsPlatformManager { get; set; }
    public bool MustChangePassword { get; set; }
    [NotAudited] public DateTimeOffset? LastLoginAt { get; set; }
    public Guid? DefaultOrganizationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];

    public string AuditName => Email ?? Name;

    /// <summary>
    /// The one way to end every session of this person (staged; the caller saves): a new security stamp, so each sign-in
    /// cookie issued under the old one is refused at its next check and the sessions list no longer shows them.
    /// </summary>
    public void EndSessions() => SecurityStamp = Guid.NewGuid().ToString("N");
}
