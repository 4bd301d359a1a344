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
/// <para>
/// The contract for callers is database-neutral: open the write transaction first, then read what the rules decide on,
/// then write and commit; never decide on something read before it. On PostgreSQL the same guarantee comes from the
/// branch below that is not SQLite, made one of two ways: (a) begin at <c>IsolationLevel.Serializable</c>, where two
/// transactions that read the same rows and each write something the other's decision depended on cannot both commit
/// (one fails with SQLSTATE 40001, which is retried or answered 409 like the SQLite lost race); or (b) keep
/// READ COMMITTED and take a row lock on the thing the rule protects as the transaction's first statement
/// (<c>SELECT … FROM "Organizations" WHERE "Id" = @id FOR UPDATE</c> for seats, owners, API keys and extension numbers;
/// a single platform row, or <c>pg_advisory_xact_lock</c>, for the last platform manager), which serializes writers of
/// the same organization exactly as BEGIN IMMEDIATE serializes all writers here, while other organizations write in parallel.
/// </para>
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
            var transaction = db.Database.GetDbConnection() is SqliteConnection sqlite
                ? await WriterQueue.BeginImmediateAsync(sqlite, ct) // BEGIN IMMEDIATE: take the write lock now
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
