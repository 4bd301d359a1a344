using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Opbx.Data;

#pragma warning disable EF1001 // EF Core's SQLite connection service is provider API: the one place that decides when the connection closes.
/// <summary>
/// A pooled context opens its connection once and keeps it open, between its queries and while it waits in the pool,
/// until the pool lets it go. Closed after every query and every request, a SQLite connection registered EF Core's dozen
/// SQL functions again on every open (each a finalizable handle) and lost its prepared statements (see
/// <see cref="PreparedStatements"/>), which SQLite then parsed and planned again. Only a clean connection stays open: one
/// left inside a transaction (a scope that ended half-way through a write) is closed, which rolls the transaction back.
/// </summary>
public sealed class KeptOpenConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    private bool disposing;

    /// <summary>Makes the contexts built with these options keep their connection open.</summary>
    public static DbContextOptionsBuilder For(DbContextOptionsBuilder options)
        => options.ReplaceService<ISqliteRelationalConnection, KeptOpenConnection>();

    protected override void ResetState(bool disposeDbConnection)
    {
        disposing = disposeDbConnection;
        base.ResetState(disposeDbConnection);
    }

    // The asynchronous reset keeps EF Core's count of opens from the last scope; the synchronous one clears it, and a
    // SQLite connection works synchronously either way.
    protected override ValueTask ResetStateAsync(bool disposeDbConnection)
    {
        if (disposeDbConnection)
        {
            disposing = true;
            return base.ResetStateAsync(disposeDbConnection);
        }
        ResetState(disposeDbConnection);
        return ValueTask.CompletedTask;
    }

    protected override void CloseDbConnection()
    {
        if (!StaysOpen()) base.CloseDbConnection();
    }

    protected override Task CloseDbConnectionAsync() => StaysOpen() ? Task.CompletedTask : base.CloseDbConnectionAsync();

    private bool StaysOpen() => !disposing
        && DbConnection is SqliteConnection { State: ConnectionState.Open } sqlite
        && SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle) != 0;
}
