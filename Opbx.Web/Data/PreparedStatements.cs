using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Opbx.Data;

/// <summary>
/// One connection's prepared statements, kept by their SQL for the next query that sends the same SQL. Microsoft.Data.Sqlite
/// keeps a command's statements while its text does not change, but EF Core makes a new command for every query and
/// disposes it, so SQLite parsed and planned every statement of every page again (efcore#14044). Here a query borrows the
/// command that last ran its SQL on this connection (see <see cref="ReusedStatementCommand"/>) and gives it back when EF
/// Core disposes it. A connection is used by one request at a time, so nothing here is shared between threads. When the
/// connection closes, Microsoft.Data.Sqlite finalizes the statements and they are forgotten here.
/// </summary>
public sealed class PreparedStatements
{
    /// <summary>The most distinct statements kept per connection; beyond it a statement is finalized after its query.</summary>
    public const int Limit = 256;

    private static readonly ConditionalWeakTable<SqliteConnection, PreparedStatements> ByConnection = new();
    private readonly Dictionary<string, SqliteCommand> idle = new(StringComparer.Ordinal);
    private readonly SqliteConnection connection;
    private int generation;

    private PreparedStatements(SqliteConnection connection)
    {
        this.connection = connection;
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState != ConnectionState.Closed) return;
            // Closing disposed every command of the connection: none may be lent again, nor one lent now kept.
            idle.Clear();
            generation++;
        };
    }

    public static PreparedStatements Of(SqliteConnection connection) => ByConnection.GetValue(connection, c => new PreparedStatements(c));

    public SqliteConnection Connection => connection;

    /// <summary>How many statements wait for their next query.</summary>
    public int Count => idle.Count;

    /// <summary>How many queries ran from a statement kept here.</summary>
    public long Reuses { get; private set; }

    /// <summary>
    /// Lends the command that last ran this SQL, or a new one when there is none or it is in use; either starts as
    /// <see cref="SqliteConnection.CreateCommand"/> would make it (the connection's timeout and transaction).
    /// </summary>
    public Loan Borrow(string sql)
    {
        if (idle.Remove(sql, out var command)) Reuses++;
        else command = new SqliteCommand(sql, connection);
        command.CommandTimeout = connection.DefaultTimeout;
        command.Transaction = CurrentTransaction(connection);
        return new(command, generation);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Transaction")]
    private static extern SqliteTransaction? CurrentTransaction(SqliteConnection connection);

    /// <summary>Takes the command back, its statements reset by its reader, to keep for the next query of its SQL.</summary>
    public void GiveBack(Loan loan)
    {
        var command = loan.Command;
        command.Parameters.Clear();
        command.Transaction = null;
        if (loan.Generation == generation && connection.State == ConnectionState.Open && idle.Count < Limit && idle.TryAdd(command.CommandText, command)) return;
        command.Dispose();
    }

    public readonly record struct Loan(SqliteCommand Command, int Generation);
}
