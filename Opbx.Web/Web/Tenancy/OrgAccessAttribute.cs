namespace Opbx.Web.Tenancy;

/// <summary>Marks an organization-area page with who may open it; the organization scope filter enforces it.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OrgAccessAttribute(OrgAccess access) : Attribute
{
    public OrgAccess Access { get; } = access;
}
