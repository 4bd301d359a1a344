using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Web;

/// <summary>
/// The signed-in person for this request, read fresh from the database on every request
/// (so revoked rights, deactivation and suspension take effect at once).
/// </summary>
public sealed class CurrentUser(OpbxDb db, AuditActor audit)
{
    public Account? Account { get; private set; }
    public IReadOnlyList<Membership> Memberships { get; private set; } = [];
    public string? Refusal { get; private set; }

    public bool IsSignedIn => Account is not null && Refusal is null;
    public bool IsPlatformManager => IsSignedIn && Account!.IsPlatformManager;
    public Guid Id => Account?.Id ?? Guid.Empty;

    public IEnumerable<Membership> UsableMemberships => Memberships.Where(SignInPolicy.Usable);

    /// <summary>Loads the account behind <paramref name="principal"/>; false when it must be signed out.</summary>
    public async Task<bool> LoadAsync(ClaimsPrincipal principal, AuditSource source, CancellationToken ct = default)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return false;
        return await LoadAsync(id, source, ct);
    }

    public async Task<bool> LoadAsync(Guid accountId, AuditSource source, CancellationToken ct = default)
    {
        Account = await db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (Account is null) return false;
        Memberships = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Include(m => m.Organization)
            .Where(m => m.AccountId == accountId)
            .OrderBy(m => m.Organization!.Name)
            .ToListAsync(ct);
        Refusal = SignInPolicy.Refusal(Account, Memberships);
        if (Refusal is null) audit.Set(Account.Email ?? Account.Name, Account.Id, source);
        return Refusal is null;
    }

    /// <summary>Forgets the person: their session was refused after they were loaded.</summary>
    public void Clear()
    {
        Account = null;
        Memberships = [];
        Refusal = null;
        audit.Set("anonymous", null, AuditSource.Web);
    }

    /// <summary>The rules' view of this person in the given organization.</summary>
    public Actor ActorIn(Guid? organizationId) =>
        Actor.Person(Id, IsPlatformManager, Memberships.FirstOrDefault(m => m.OrganizationId == organizationId && SignInPolicy.Usable(m))?.Role);

    public Actor AsPlatformManager => Actor.Person(Id, IsPlatformManager, null);
}
