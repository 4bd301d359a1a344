using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Opbx.Data;

/// <summary>
/// A transaction that holds the database's write lock from its first statement. With SQLite that is <c>BEGIN IMMEDIATE</c>:
/// rules that read before they write (a number still free, a limit not yet reached) are decided while no other writer
/// can slip in between, and a second writer waits at BEGIN instead of failing halfway. Every domain service that checks
/// rules and then writes opens one with <see cref="BeginAsync"/>. It commits and rolls back through EF Core, so the
/// context's transaction interceptors see it end (the deploy interceptor queues deploys on commit).
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly DbTransaction? _transaction;
    private readonly IDbContextTransaction? _context;
    private bool _completed;

    private WriteTransaction(DbContext db, DbTransaction? transaction, IDbContextTransaction? context)
    {
        _db = db;
        _transaction = transaction;
        _context = context;
    }

    /// <summary>
    /// Begins the write transaction, or joins the one already open on this context (then the outer owner commits):
    /// a service may call another service's write method without nesting transactions.
    /// </summary>
    public static async Task<WriteTransaction> BeginAsync(DbContext db, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return new WriteTransaction(db, null, null);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            DbTransaction transaction = db.Database.GetDbConnection() is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false) // BEGIN IMMEDIATE: take the write lock now
                : await db.Database.GetDbConnection().BeginTransactionAsync(ct);
            var context = await db.Database.UseTransactionAsync(transaction, ct);
            return new WriteTransaction(db, transaction, context);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_context is null) return;
        await _context.CommitAsync(ct);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is null || _context is null) return;
        if (!_completed && _db.Database.CurrentTransaction == _context) await _context.RollbackAsync();
        await _context.DisposeAsync();
        await _db.Database.UseTransactionAsync(null);
        await _transaction.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }
}
