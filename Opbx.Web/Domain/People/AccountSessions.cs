using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Access;

namespace Opbx.Domain.People;

/// <summary>Server-side records of browser sessions: started at sign-in, ended by signing out or by a password change.</summary>
public sealed class AccountSessions(OpbxDb db, UseNotes notes, TimeProvider clock)
{
    /// <summary>The claim in the session cookie that names its row.</summary>
    public const string Claim = "opbx:session";

    /// <summary>Sessions unused this long are forgotten (the sign-in cookie itself lasts 14 days without use).</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromDays(15);

    public async Task<AccountSession> StartAsync(Account account, string address, string browser, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var session = new AccountSession
        {
            AccountId = account.Id,
            CreatedAt = now,
            LastSeenAt = now,
            Address = Shorten(address, 64),
            Browser = Shorten(browser, 200),
            SecurityStamp = account.SecurityStamp ?? "",
        };
        db.AccountSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>The person refreshed their own session after changing their security stamp: it lives on under the new one.</summary>
    public Task RestampAsync(Guid sessionId, string stamp, CancellationToken ct = default) =>
        db.AccountSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecurityStamp, stamp), ct);

    /// <summary>
    /// Notes that the session was seen now, from <paramref name="address"/>, when what <paramref name="seen"/> says is a
    /// minute old or names another address. Of many requests at once only the first writes (<see cref="UseNotes"/>). It is
    /// bookkeeping, not the request's purpose: while another writer holds the database (a large import) it waits a second
    /// at most and is skipped, so reading a page never waits the full busy timeout or fails for it; the next request notes it.
    /// </summary>
    public async Task NoteSeenAsync(SessionSeen seen, string address, CancellationToken ct = default)
    {
        if (!notes.Due(seen.Id, seen.LastSeenAt, address, seen.Address)) return;
        var now = clock.GetUtcNow();
        var shortened = Shorten(address, 64);
        try
        {
            await db.WithBusyWaitAsync(TouchWait, () => db.AccountSessions.Where(s => s.Id == seen.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.Address, shortened), ct));
        }
        catch (Exception e) when (DatabaseFault.Of(e) == DatabaseFaultKind.Busy)
        {
            notes.Release(seen.Id);
        }
    }

    /// <summary>How long noting a session's last use waits for another writer.</summary>
    public static readonly TimeSpan TouchWait = TimeSpan.FromSeconds(1);

    /// <summary>Ends one of the account's sessions; false when it has no such session (already ended, or not theirs).</summary>
    public async Task<bool> EndAsync(Guid accountId, Guid sessionId, CancellationToken ct = default) =>
        await db.AccountSessions.Where(s => s.Id == sessionId && s.AccountId == accountId).ExecuteDeleteAsync(ct) > 0;

    public Task EndAllAsync(Guid accountId, CancellationToken ct = default) =>
        db.AccountSessions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(ct);

    /// <summary>Stages the removal of the account's sessions but <paramref name="keep"/> in the current save (a password change).</summary>
    public async Task StageEndAllAsync(Guid accountId, Guid? keep, CancellationToken ct = default) =>
        db.AccountSessions.RemoveRange(await db.AccountSessions.Where(s => s.AccountId == accountId && s.Id != keep).ToListAsync(ct));

    /// <summary>The sessions that can still be used: issued under the account's current security stamp, newest first.</summary>
    public async Task<List<AccountSession>> ActiveAsync(Guid accountId, CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - Idle;
        return await db.AccountSessions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.LastSeenAt > cutoff
                && db.Users.Any(a => a.Id == accountId && a.SecurityStamp == s.SecurityStamp))
            .OrderByDescending(s => s.LastSeenAt).ToListAsync(ct);
    }

    /// <summary>Nightly: forgets sessions unused for <see cref="Idle"/> and sessions from before a security-stamp change.</summary>
    public Task<int> PruneAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - Idle;
        return db.AccountSessions
            .Where(s => s.LastSeenAt < cutoff || !db.Users.Any(a => a.Id == s.AccountId && a.SecurityStamp == s.SecurityStamp))
            .ExecuteDeleteAsync(ct);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}
