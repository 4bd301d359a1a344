namespace Opbx.Asterisk.Deploys;

/// <summary>
/// What one or more saves call for: deploys of organizations, a platform deploy (the top-level files and every
/// organization), and accounts whose change (deactivated, reactivated, deleted) concerns every organization where they
/// hold an extension, which only the database can tell (<see cref="DeployInterceptor"/> looks them up).
/// </summary>
public sealed class DeployTargets
{
    public HashSet<Guid> Organizations { get; } = [];
    /// <summary>Organizations deleted by the save: their files go with the platform deploy, not with a deploy of their own.</summary>
    public HashSet<Guid> DeletedOrganizations { get; } = [];
    public HashSet<Guid> Accounts { get; } = [];
    public bool Platform { get; set; }

    public bool IsEmpty => !Platform && Organizations.Count == 0 && Accounts.Count == 0;

    public void Add(DeployTargets other)
    {
        Organizations.UnionWith(other.Organizations);
        DeletedOrganizations.UnionWith(other.DeletedOrganizations);
        Accounts.UnionWith(other.Accounts);
        Platform |= other.Platform;
    }

    public void Clear()
    {
        Organizations.Clear();
        DeletedOrganizations.Clear();
        Accounts.Clear();
        Platform = false;
    }

    /// <summary>The deploys to queue, by organization id (null: the platform deploy), the platform's first.</summary>
    public IReadOnlyList<Guid?> Deploys() =>
        (Platform ? [null] : Array.Empty<Guid?>()).Concat(Organizations.Except(DeletedOrganizations).Order().Select(id => (Guid?)id)).ToList();
}
