using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web;

/// <summary>What a page in the organization area may use: which organization, and the visitor's standing in it.</summary>
public enum OrgAccess
{
    /// <summary>Any active member (and platform managers).</summary>
    Member,
    /// <summary>Reporters and administrators: read-only pages.</summary>
    Reader,
    /// <summary>Owners and PBX admins.</summary>
    Admin,
    /// <summary>Owners only.</summary>
    Owner,
}

/// <summary>Marks an organization-area page with who may open it; the organization scope filter enforces it.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OrgAccessAttribute(OrgAccess access) : Attribute
{
    public OrgAccess Access { get; } = access;
}

/// <summary>The organization the current request is in (set by <see cref="OrganizationScopeFilter"/>).</summary>
public sealed class OrgContext
{
    public Organization? Organization { get; set; }
    public OrgRole? Role { get; set; }
    public bool IsPlatformManager { get; set; }
    public Guid AccountId { get; set; }

    public Guid Id => Organization?.Id ?? Guid.Empty;
    public Actor Actor => Actor.Person(AccountId, IsPlatformManager, Role);

    public bool May(OrgAccess access) => access switch
    {
        OrgAccess.Member => true,
        OrgAccess.Reader => IsPlatformManager || Role is OrgRole.Owner or OrgRole.PbxAdmin or OrgRole.Reporter,
        OrgAccess.Admin => AccessRules.Administers(Actor),
        _ => AccessRules.HasOwnerAuthority(Actor),
    };

    public string Path(string rest = "") => $"/Org/{Id}{rest}";
}
