using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The storage boundary for the fault tests. While <see cref="Full"/> is set, every connection the app opens may not grow
/// the database file past its current size (PRAGMA max_page_count), so a write that needs a new page fails with
/// SQLITE_FULL, which is exactly what SQLite answers when the disk has no space left. (Really filling a small tmpfs or loop
/// device needs privileges tests do not have here.) Off, the limit is SQLite's own maximum again.
/// </summary>
public sealed class SimulatedFullDisk : DbConnectionInterceptor
{
    private volatile bool _full;

    public bool Full
    {
        get => _full;
        set => _full = value;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        var limit = 4294967294L;
        if (_full)
        {
            command.CommandText = "PRAGMA page_count";
            limit = Convert.ToInt64(command.ExecuteScalar());
        }
        command.CommandText = $"PRAGMA max_page_count = {limit}";
        command.ExecuteScalar();
    }
}
