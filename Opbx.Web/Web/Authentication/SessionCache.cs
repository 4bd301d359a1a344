using System.Collections.Concurrent;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;

namespace Opbx.Web.Authentication;

/// <summary>
/// The per-request session check's last reading of each session (account, memberships with their organizations, the
/// session record), reused for up to a second while no write that touches access has happened in this process
/// (<see cref="AccessWrites"/>). Any such write — a deactivation, a password reset, a suspension, a sign-out — makes
/// every reading stale, so the next request reads the database again: rights still end at the very next request. The
/// second bounds what this process cannot see (the command line run beside it). The entities are shared between
/// requests and only read.
/// </summary>
public sealed class SessionCache(AccessWrites writes, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 10_000;

    public sealed record Reading(Account Account, IReadOnlyList<Membership> Memberships, SessionSeen Session, long Generation, DateTimeOffset At);

    private readonly ConcurrentDictionary<Guid, Reading> _readings = new();

    /// <summary>The generation to stamp a reading with: taken before the database is read, so a write during the read makes it stale.</summary>
    public long Generation => writes.Generation;

    public Reading? Get(Guid sessionId, Guid accountId)
    {
        if (!_readings.TryGetValue(sessionId, out var reading)) return null;
        if (reading.Account.Id == accountId && reading.Generation == writes.Generation && clock.GetUtcNow() - reading.At < KeepFor) return reading;
        _readings.TryRemove(KeyValuePair.Create(sessionId, reading));
        return null;
    }

    public void Put(Guid sessionId, Account account, IReadOnlyList<Membership> memberships, SessionSeen session, long generation)
    {
        if (_readings.Count >= MaxEntries) _readings.Clear();
        _readings[sessionId] = new Reading(account, memberships, session, generation, clock.GetUtcNow());
    }
}
