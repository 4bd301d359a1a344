namespace Opbx.Web.Tenancy;

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
