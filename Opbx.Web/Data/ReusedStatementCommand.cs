using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Opbx.Data;

/// <summary>
/// The command EF Core builds a query in (made by <see cref="StatementReuse"/>). Setting its SQL borrows the connection's
/// prepared command for that SQL from <see cref="PreparedStatements"/>; parameters, transaction and execution go to that
/// command, and disposing gives it back instead of finalizing its statements.
/// </summary>
public sealed class ReusedStatementCommand(PreparedStatements statements) : DbCommand
{
    private PreparedStatements.Loan? loan;

    private SqliteCommand Inner => (loan ??= statements.Borrow("")).Command;

    [AllowNull]
    public override string CommandText
    {
        get => loan?.Command.CommandText ?? "";
        set
        {
            if (loan is { } current)
            {
                if (current.Command.CommandText == (value ?? "")) return;
                statements.GiveBack(current);
            }
            loan = statements.Borrow(value ?? "");
        }
    }

    public override int CommandTimeout { get => Inner.CommandTimeout; set => Inner.CommandTimeout = value; }
    public override CommandType CommandType { get => Inner.CommandType; set => Inner.CommandType = value; }
    public override bool DesignTimeVisible { get => false; set { } }
    public override UpdateRowSource UpdatedRowSource { get => Inner.UpdatedRowSource; set => Inner.UpdatedRowSource = value; }

    protected override DbConnection? DbConnection
    {
        get => statements.Connection;
        set
        {
            if (!ReferenceEquals(value, statements.Connection)) throw new NotSupportedException("A reused statement belongs to its connection.");
        }
    }

    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;
    protected override DbTransaction? DbTransaction { get => Inner.Transaction; set => Inner.Transaction = (SqliteTransaction?)value; }
    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Inner.ExecuteReader(behavior);
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => await Inner.ExecuteReaderAsync(behavior, cancellationToken);
    public override int ExecuteNonQuery() => Inner.ExecuteNonQuery();
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Inner.ExecuteNonQueryAsync(cancellationToken);
    public override object? ExecuteScalar() => Inner.ExecuteScalar();
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Inner.ExecuteScalarAsync(cancellationToken);
    public override void Prepare() => Inner.Prepare();
    public override void Cancel() => Inner.Cancel();

    protected override void Dispose(bool disposing)
    {
        if (disposing && loan is { } current)
        {
            loan = null;
            statements.GiveBack(current);
        }
        base.Dispose(disposing);
    }
}
