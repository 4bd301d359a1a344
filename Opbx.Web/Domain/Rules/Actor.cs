namespace Opbx.Domain.Rules;

/// <summary>
/// Who is acting, with their standing in the organization concerned: a person (platform manager
/// and/or member with a role) or an organization API key, which acts with owner authority but is nobody's "self".
/// </summary>
public sealed record Actor(Guid? AccountId, bool IsPlatformManager, OrgRole? Role)
{
    public static Actor ApiKey() => new(null, false, OrgRole.Owner);
    public static Actor Person(Guid accountId, bool isPlatformManager, OrgRole? role) => new(accountId, isPlatformManager, role);
}
