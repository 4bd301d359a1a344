namespace Opbx.Domain.Access;

/// <summary>An organization's API key: HTTP Basic with <see cref="KeyId"/> as user and the secret as password.</summary>
public sealed class ApiKey : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public required string KeyId { get; set; }
    public required string Name { get; set; }
    /// <summary>Space-separated scopes, e.g. "users:read users:write".</summary>
    public string Scopes { get; set; } = "";
    [Secret] public required string SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    [NotAudited] public DateTimeOffset? LastUsedAt { get; set; }

    public string AuditName => Name;
}
