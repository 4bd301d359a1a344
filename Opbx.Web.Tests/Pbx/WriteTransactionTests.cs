using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

[Collection(AppCollection.Name)]
public sealed class WriteTransactionTests(OpbxApp app)
{
    private string ConnectionString => $"Data Source={Path.Combine(app.DataDirectory, "opbx.db")};Default Timeout=1";

    [Fact]
    public async Task HoldsTheWriteLockFromItsFirstStatement()
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            await using (var tx = await db.BeginWriteAsync())
            {
                // Nothing written yet, and still another writer cannot start: the rules read inside are decided alone.
                await using var other = new SqliteConnection(ConnectionString);
                await other.OpenAsync();
                var error = await Assert.ThrowsAsync<SqliteException>(async () =>
                {
                    await using var command = other.CreateCommand();
                    command.CommandText = "BEGIN IMMEDIATE;";
                    command.CommandTimeout = 1;
                    await command.ExecuteNonQueryAsync();
                });
                Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
            }
            // Disposed without commit: the lock is gone and the context is usable again.
            await using var after = new SqliteConnection(ConnectionString);
            await after.OpenAsync();
            await using var begin = after.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            await begin.ExecuteNonQueryAsync();
            Assert.Null(db.Database.CurrentTransaction);
        });
    }

    [Fact]
    public async Task AnInnerWriteJoinsTheOuterOne()
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            await using var outer = await db.BeginWriteAsync();
            var transaction = db.Database.CurrentTransaction;
            await using (var inner = await db.BeginWriteAsync())
            {
                await inner.CommitAsync(); // the outer owner commits
            }
            Assert.Same(transaction, db.Database.CurrentTransaction);
            await outer.CommitAsync();
        });
    }

    [Fact]
    public async Task WritersOfThisProcessWaitForTheLockOneAtATimeAndTheRestWithoutAThread()
    {
        using var scopes = new CompositeScopes(app.Services, 3);
        var (first, second, third) = (scopes[0], scopes[1], scopes[2]);

        var held = await first.BeginWriteAsync();
        // The second writer waits inside SQLite for the lock (on a thread of its own here).
        var waiting = Task.Run(() => second.BeginWriteAsync());
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        // The third queues behind it: the call returns at once with a task that waits, instead of sleeping on this
        // thread inside SQLite until the busy timeout (5 s; the bound leaves room for a loaded machine), as each
        // waiting request did before, holding one of the thread pool's few threads.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var queued = third.BeginWriteAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the call took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.False(queued.IsCompleted);

        // Another database's writers do not queue behind this one's.
        await using (var elsewhere = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, $"other-{Guid.NewGuid():N}.db")}"))
        {
            var front = WriterQueue.EnterAsync(elsewhere, CancellationToken.None);
            Assert.True(front.IsCompleted);
            (await front).Release();
        }

        await held.CommitAsync();
        await held.DisposeAsync();
        var secondTx = await waiting.WaitAsync(TimeSpan.FromSeconds(3));
        await Task.Delay(200);
        Assert.False(queued.IsCompleted); // now waiting in SQLite for the second
        await secondTx.DisposeAsync();
        await using (var thirdTx = await queued.WaitAsync(TimeSpan.FromSeconds(3))) await thirdTx.CommitAsync();

        // A writer that waits in the queue past the busy timeout fails as SQLite's wait does (503 "The database is busy").
        await using var probe = new SqliteConnection(ConnectionString.Replace(";Default Timeout=1", ""));
        var ahead = await WriterQueue.EnterAsync(probe, CancellationToken.None);
        try
        {
            var late = await Assert.ThrowsAsync<SqliteException>(() => second.BeginWriteAsync());
            Assert.Equal(DatabaseFaultKind.Busy, DatabaseFault.Of(late));
        }
        finally
        {
            ahead.Release();
        }
        await using var again = await second.BeginWriteAsync();
        await again.CommitAsync();
    }

    /// <summary>Several scopes' database contexts, disposed together.</summary>
    private sealed class CompositeScopes(IServiceProvider services, int count) : IDisposable
    {
        private readonly IServiceScope[] _scopes = Enumerable.Range(0, count).Select(_ => services.CreateScope()).ToArray();
        public OpbxDb this[int i] => _scopes[i].ServiceProvider.GetRequiredService<OpbxDb>();
        public void Dispose() { foreach (var s in _scopes) s.Dispose(); }
    }
}
