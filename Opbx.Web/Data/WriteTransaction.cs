using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

/// <summary>
/// A transaction that holds the database's write lock from its first statement. With SQLite that is <c>BEGIN IMMEDIATE</c>:
/// rules that read before they write (a number still free, a limit not yet reached) are decided while no other writer
/// can slip in between, and a second writer waits at BEGIN instead of failing halfway. Every domain service that checks
/// rules and then writes opens one with <see cref="BeginAsync"/>.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly DbTransaction? _transaction;
    private bool _completed;

    private WriteTransaction(DbContext db, DbTransaction? transaction)
    {
        _db = db;
        _transaction = transaction;
    }

    /// <summary>
    /// Begins the write transaction, or joins the one already open on this context (then the outer owner commits):
    /// a service may call another service's write method without nesting transactions.
    /// </summary>
    public static async Task<WriteTransaction> BeginAsync(DbContext db, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return new WriteTransaction(db, null);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            DbTransaction transaction = db.Database.GetDbConnection() is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false) // BEGIN IMMEDIATE: take the write lock now
                : await db.Database.GetDbConnection().BeginTransactionAsync(ct);
            await db.Database.UseTransactionAsync(transaction, ct);
            return new WriteTransaction(db, transaction);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_transaction is null) return;
        await _transaction.CommitAsync(ct);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is null) return;
        await _db.Database.UseTransactionAsync(null);
        if (!_completed) await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }
}
