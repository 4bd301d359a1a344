using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Data;

/// <summary>
/// Counts the writes that can change who may do what: any statement other than a read that touches accounts, memberships,
/// organizations or sessions (saves, bulk updates and deletes, raw SQL alike — they all pass here). The per-request
/// session check keeps its reading of a session only while this count has not moved (see <c>Web/SessionCache</c>), so a
/// deactivation, a suspension or a sign-out in this process refuses the very next request.
/// </summary>
public sealed class AccessWrites : DbCommandInterceptor
{
    // "Account" covers Accounts, AccountSessions, AccountClaims, AccountTokens (and any statement naming an AccountId:
    // writing more often than needed only costs a re-read).
    private static readonly string[] Tables = ["Account", "Memberships", "Organizations"];
    private long _generation;

    /// <summary>Moves on every write that touches access.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Whether the statement may change access: anything but a plain read that names one of the access tables.</summary>
    public static bool Touches(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var read = text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);
        if (read) return false;
        foreach (var table in Tables)
        {
            if (sql.Contains(table, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private void Note(DbCommand command)
    {
        if (Touches(command.CommandText)) Interlocked.Increment(ref _generation);
    }

    // Counted both before and after: a reader that starts between the write and its commit sees the count moved afterwards.
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }
}
