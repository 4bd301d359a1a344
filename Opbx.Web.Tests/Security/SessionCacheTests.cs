using Microsoft.Data.Sqlite;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Tests.Security;

/// <summary>
/// The session check's reuse of its last reading (a second at most) never outlives a write that touches access: any
/// statement other than a read naming accounts, memberships, organizations or sessions makes every reading stale. And of
/// many requests that find a session's "last seen" a minute old at once, one writes it.
/// </summary>
public sealed class SessionCacheTests
{
    [Theory]
    [InlineData("UPDATE \"Accounts\" SET \"SecurityStamp\" = @p0 WHERE \"Id\" = @p1", true)]
    [InlineData("UPDATE \"Memberships\" SET \"Status\" = @p0 WHERE \"Id\" = @p1", true)]
    [InlineData("UPDATE \"Organizations\" SET \"Status\" = @p0 WHERE \"Id\" = @p1", true)]
    [InlineData("DELETE FROM \"AccountSessions\" AS \"a\" WHERE \"a\".\"AccountId\" = @p0", true)]
    [InlineData("INSERT INTO \"AccountClaims\" (\"ClaimType\") VALUES (@p0)", true)]
    [InlineData("  WITH x AS (SELECT 1) DELETE FROM \"Memberships\" WHERE 0", true)]
    [InlineData("SELECT \"a\".\"Id\" FROM \"Accounts\" AS \"a\" WHERE \"a\".\"Id\" = @p0", false)]
    [InlineData("select * from Memberships", false)]
    [InlineData("INSERT INTO ApiUsage (OrganizationId, Day, Requests) VALUES (@p0, @p1, 1) ON CONFLICT (OrganizationId, Day) DO UPDATE SET Requests = Requests + 1", false)]
    [InlineData("UPDATE \"Deploys\" SET \"Status\" = @p0", false)]
    public void WritesThatTouchAccessAreRecognised(string sql, bool touches) => Assert.Equal(touches, AccessWrites.Touches(sql));

    [Fact]
    public async Task AReadingIsReusedOnlyUntilAnAccessWriteOrASecondHasPassed()
    {
        var clock = new SteppedClock();
        var writes = new AccessWrites();
        var cache = new SessionCache(writes, clock);
        var account = new Account { Name = "Ana", Email = "ana@example.test" };
        var session = new SessionSeen(Guid.NewGuid(), clock.GetUtcNow(), "127.0.0.1");

        cache.Put(session.Id, account, [], session, cache.Generation);
        Assert.Same(account, cache.Get(session.Id, account.Id)?.Account);
        Assert.Null(cache.Get(session.Id, Guid.NewGuid()));

        // A read changes nothing; a write to memberships makes the reading stale.
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await using var read = new SqliteCommand("SELECT 1 FROM \"Memberships\"", connection);
        writes.ReaderExecuting(read, null!, default);
        cache.Put(session.Id, account, [], session, cache.Generation);
        Assert.NotNull(cache.Get(session.Id, account.Id));
        await using var write = new SqliteCommand("UPDATE \"Memberships\" SET \"Status\" = 'Inactive'", connection);
        writes.NonQueryExecuting(write, null!, default);
        Assert.Null(cache.Get(session.Id, account.Id));

        // A reading stamped before a write that happened while it was being read is stale from the start.
        var before = cache.Generation;
        writes.NonQueryExecuted(write, null!, 1);
        cache.Put(session.Id, account, [], session, before);
        Assert.Null(cache.Get(session.Id, account.Id));

        // And none lives longer than a second.
        cache.Put(session.Id, account, [], session, cache.Generation);
        clock.Advance(SessionCache.KeepFor);
        Assert.Null(cache.Get(session.Id, account.Id));
    }

    [Fact]
    public async Task OfManyRequestsAtOnceOneNotesTheUseAndANewAddressOrAMinuteLaterAnotherMay()
    {
        var clock = new SteppedClock();
        var notes = new UseNotes(clock);
        var session = Guid.NewGuid();
        var stale = clock.GetUtcNow() - UseNotes.Every - TimeSpan.FromSeconds(1);

        // Sixty-four requests reading the same stale "last seen" at once: exactly one writes it.
        var claims = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => notes.Due(session, stale, "10.0.0.1", "10.0.0.1"))));
        Assert.Equal(1, claims.Count(c => c));

        Assert.False(notes.Due(session, stale, "10.0.0.1", "10.0.0.1"));
        Assert.True(notes.Due(session, stale, "10.0.0.2", "10.0.0.1")); // a new address is noted at once
        Assert.True(notes.Due(Guid.NewGuid(), null)); // claims are per session, key or token; never noted is due
        Assert.False(notes.Due(Guid.NewGuid(), clock.GetUtcNow())); // noted just now (by another process too) is not
        Assert.True(notes.Due(Guid.NewGuid(), clock.GetUtcNow(), "10.0.0.3", "10.0.0.1")); // unless from another address
        clock.Advance(UseNotes.Every - TimeSpan.FromSeconds(1));
        Assert.False(notes.Due(session, stale, "10.0.0.2", "10.0.0.2"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(notes.Due(session, stale, "10.0.0.2", "10.0.0.2"));

        // A note that could not be written (the database was busy) is released for the next request.
        notes.Release(session);
        Assert.True(notes.Due(session, stale, "10.0.0.2", "10.0.0.2"));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
