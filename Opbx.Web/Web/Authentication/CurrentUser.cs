using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Web.Authentication;

/// <summary>
/// The signed-in person for this request, read fresh from the database on every request
/// (so revoked rights, deactivation and suspension take effect at once).
/// </summary>
public sealed class CurrentUser(OpbxDb db, AuditActor audit, SessionCache cache)
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

    public async Task<bool> LoadAsync(Guid accountId, AuditSource source, CancellationToken ct = default) =>
        await FinishAsync(await db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct), source, ct);

    /// <summary>The browser session behind the cookie, when its server-side record still exists (see <see cref="LoadSessionAsync"/>).</summary>
    public SessionSeen? Session { get; private set; }

    /// <summary>
    /// Loads the account behind a session cookie together with the cookie's server-side session record, in one query (this
    /// runs on every request; a reading less than a second old is reused while nothing that touches access was written,
    /// see <see cref="SessionCache"/>); false when either is gone or the person must be signed out.
    /// </summary>
    public async Task<bool> LoadSessionAsync(ClaimsPrincipal principal, AuditSource source, CancellationToken ct = default)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            || !Guid.TryParse(principal.FindFirstValue(AccountSessions.Claim), out var sessionId)) return false;
        if (cache.Get(sessionId, id) is { } reading)
        {
            Session = reading.Session;
            Account = reading.Account;
            Memberships = reading.Memberships;
            return Decide(source);
        }
        var generation = cache.Generation;
        var row = await (
                from a in db.Users.AsNoTracking()
                where a.Id == id
                join s in db.AccountSessions.Where(x => x.Id == sessionId) on a.Id equals s.AccountId into sessions
                from s in sessions.DefaultIfEmpty()
                select new { Account = a, SessionId = (Guid?)s!.Id, LastSeenAt = (DateTimeOffset?)s.LastSeenAt, s.Address })
            .FirstOrDefaultAsync(ct);
        if (row?.SessionId is null) return false;
        Session = new SessionSeen(row.SessionId.Value, row.LastSeenAt!.Value, row.Address ?? "");
        var allowed = await FinishAsync(row.Account, source, ct);
        cache.Put(sessionId, Account!, Memberships, Session, generation);
        return allowed;
    }

    private async Task<bool> FinishAsync(Account? account, AuditSource source, CancellationToken ct)
    {
        Account = account;
        if (Account is null) return false;
        var accountId = Account.Id;
        Memberships = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Include(m => m.Organization)
            .Where(m => m.AccountId == accountId)
            .OrderBy(m => m.Organization!.Name)
            .ToListAsync(ct);
        return Decide(source);
    }

    private bool Decide(AuditSource source)
    {
        Refusal = SignInPolicy.Refusal(Account!, Memberships);
        if (Refusal is null) audit.Set(Account!.Email ?? Account.Name, Account.Id, source);
        return Refusal is null;
    }

    /// <summary>Forgets the person: their session was refused after they were loaded.</summary>
    public void Clear()
    {
        Account = null;
        Session = null;
        Memberships = [];
        Refusal = null;
        audit.Set("anonymous", null, AuditSource.Web);
    }

    /// <summary>The rules' view of this person in the given organization.</summary>
    public Actor ActorIn(Guid? organizationId) =>
        Actor.Person(Id, IsPlatformManager, Memberships.FirstOrDefault(m => m.OrganizationId == organizationId && SignInPolicy.Usable(m))?.Role);

    public Actor AsPlatformManager => Actor.Person(Id, IsPlatformManager, null);
}
