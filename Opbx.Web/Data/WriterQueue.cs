using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Opbx.Data;

/// <summary>
/// Where this process's write transactions wait for SQLite's write lock: one queue per database file, so that only the
/// writer at its front waits inside SQLite. SQLite makes a writer wait inside the call, sleeping on its thread; six
/// requests waiting for the lock held six of the thread pool's few threads, and a read that came meanwhile stalled
/// 0.8–1.9 s until the pool grew (README, Performance). Here the others wait without a thread, and the front waits in
/// SQLite for whoever holds the lock (a transaction of this process that went before, a write made outside a write
/// transaction, another process). A writer leaves the queue as soon as it holds the lock (not when it commits: what a
/// commit starts, such as queueing a deploy, writes at once and must not wait for its own transaction). The wait in the
/// queue is bounded by the connection's busy timeout and then fails as SQLite's own wait does (SQLITE_BUSY: 503 "The
/// database is busy").
/// </summary>
public static class WriterQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new(StringComparer.Ordinal);

    /// <summary><c>BEGIN IMMEDIATE</c> on <paramref name="connection"/>, after this process's writers ahead in the queue have the lock.</summary>
    public static async Task<DbTransaction> BeginImmediateAsync(SqliteConnection connection, CancellationToken ct)
    {
        var front = await EnterAsync(connection, ct);
        try
        {
            return connection.BeginTransaction(deferred: false);
        }
        finally
        {
            front.Release();
        }
    }

    /// <summary>Waits for the front of <paramref name="connection"/>'s database queue; the caller leaves it with Release.</summary>
    public static async Task<SemaphoreSlim> EnterAsync(SqliteConnection connection, CancellationToken ct)
    {
        var front = Files.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));
        if (!await front.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, connection.DefaultTimeout)), ct))
            throw new SqliteException("database is locked: this process's writers ahead waited past the busy timeout", SQLitePCL.raw.SQLITE_BUSY);
        return front;
    }
}
