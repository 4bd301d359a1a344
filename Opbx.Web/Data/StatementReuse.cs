using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Data;

/// <summary>
/// Gives EF Core a <see cref="ReusedStatementCommand"/> for every query on a SQLite connection, so a statement SQLite has
/// parsed and planned once on a connection is run again from its prepared form (see <see cref="PreparedStatements"/>).
/// </summary>
public sealed class StatementReuse : DbCommandInterceptor
{
    public static readonly StatementReuse Instance = new();

    private StatementReuse()
    {
    }

    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result)
        => eventData.Connection is SqliteConnection sqlite && !result.HasResult
            ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedStatementCommand(PreparedStatements.Of(sqlite)))
            : result;
}
