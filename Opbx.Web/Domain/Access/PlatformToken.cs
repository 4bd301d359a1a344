namespace Opbx.Domain.Access;

/// <summary>A platform manager's personal access token for the platform API.</summary>
public sealed class PlatformToken : IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public required string Name { get; set; }
    /// <summary>First characters of the token, shown in lists so an operator can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    [Secret] public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    [NotAudited] public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public string AuditName => Name;
}
