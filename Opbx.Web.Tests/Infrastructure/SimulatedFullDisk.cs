using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The storage boundary for the fault tests. While <see cref="Full"/> is set, no connection of the app may grow the
/// database file past its size at that moment (PRAGMA max_page_count), so a write that needs a new page fails with
/// SQLITE_FULL, which is exactly what SQLite answers when the disk has no space left. (Really filling a small tmpfs or loop
/// device needs privileges tests do not have here.) Off, the limit is SQLite's own maximum again. The app keeps its
/// connections open, so the limit is set on every open connection at once (as a real disk fills for all of them) and on
/// each one the app opens later. And the disk reports no space left (<see cref="Space"/>), as a real full disk does to
/// /healthz: a write that fits in a page freed earlier (by a job deleting rows) still succeeds, so /healthz cannot learn of
/// a full disk from its own little write.
/// </summary>
public sealed class SimulatedFullDisk : DbConnectionInterceptor
{
    private const long NoLimit = 4294967294L;
    private readonly ConditionalWeakTable<SqliteConnection, object> _connections = new();
    private readonly Lock _gate = new();
    private long _limit = NoLimit;

    public bool Full
    {
        get => _limit != NoLimit;
        set
        {
            lock (_gate)
            {
                _limit = value ? PageCount() : NoLimit;
                foreach (var (connection, _) in _connections)
                {
                    // Straight to SQLite (serialized: safe beside a query of the app on the same connection).
                    if (connection.State == ConnectionState.Open) Apply(connection);
                }
            }
        }
    }

    /// <summary>The data folder's disk as /healthz sees it: no bytes free while <see cref="Full"/>, the real disk otherwise.</summary>
    public Opbx.Data.DataDisk Space => field ??= new FullWhen(this);

    private sealed class FullWhen(SimulatedFullDisk disk) : Opbx.Data.DataDisk
    {
        public override long FreeBytes(string folder) => disk.Full ? 0 : base.FreeBytes(folder);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Track(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Track(connection);
        return Task.CompletedTask;
    }

    private void Track(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        lock (_gate)
        {
            _connections.AddOrUpdate(sqlite, sqlite.ConnectionString);
            Apply(sqlite);
        }
    }

    private void Apply(SqliteConnection connection) =>
        SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_exec(connection.Handle, $"PRAGMA max_page_count = {_limit}"), connection.Handle);

    private long PageCount()
    {
        var any = _connections.Select(c => (string)c.Value).FirstOrDefault()
            ?? throw new InvalidOperationException("The app has not opened its database yet.");
        using var connection = new SqliteConnection(any);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
