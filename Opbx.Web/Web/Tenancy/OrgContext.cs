using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web.Tenancy;

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

    /// <summary>An address inside the organization: "/Org/{id}" and <paramref name="rest"/> (the id's text is made once per request, not per link).</summary>
    public string Path(string rest = "")
    {
        if (_root is null || _rootOf != Id) (_root, _rootOf) = ($"/Org/{Id}", Id);
        return rest.Length == 0 ? _root : string.Concat(_root, rest);
    }

    private string? _root;
    private Guid _rootOf;
}
