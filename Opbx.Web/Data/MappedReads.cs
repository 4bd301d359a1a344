using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Data;

/// <summary>
/// Lets each connection read the database file through a memory map (<c>PRAGMA mmap_size</c>), set once when the
/// connection opens. A page is then read where the operating system caches it, instead of copied into every connection's
/// own page cache again whenever another connection has written (in WAL mode a write empties the others' caches). Writes
/// still go through the write-ahead log as before.
/// </summary>
public sealed class MappedReads : DbConnectionInterceptor
{
    /// <summary>The largest part of the file mapped: address space, not memory; a larger file reads the rest as before.</summary>
    public const long MapBytes = 1L << 30;

    public static readonly MappedReads Instance = new();

    private MappedReads()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Map(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Map(connection);
        return Task.CompletedTask;
    }

    private static void Map(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA mmap_size = {MapBytes}";
        command.ExecuteNonQuery();
    }
}
