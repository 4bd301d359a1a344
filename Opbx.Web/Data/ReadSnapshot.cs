using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

/// <summary>
/// A read-only transaction: every query inside sees the database as it was at the first one, whatever commits meanwhile
/// (SQLite's WAL snapshot; a deferred BEGIN takes no write lock, so writers are not held up). For reads that must agree
/// with each other, such as the snapshots a deploy renders from. Nothing is written through it; it always rolls back.
/// </summary>
public sealed class ReadSnapshot : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly DbTransaction? _transaction;

    private ReadSnapshot(DbContext db, DbTransaction? transaction)
    {
        _db = db;
        _transaction = transaction;
    }

    /// <summary>Begins the snapshot, or joins the transaction already open on this context (which is then the snapshot).</summary>
    public static async Task<ReadSnapshot> BeginAsync(DbContext db, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return new ReadSnapshot(db, null);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            DbTransaction transaction = db.Database.GetDbConnection() is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await db.Database.GetDbConnection().BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            await db.Database.UseTransactionAsync(transaction, ct);
            return new ReadSnapshot(db, transaction);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is null) return;
        await _db.Database.UseTransactionAsync(null);
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }
}
