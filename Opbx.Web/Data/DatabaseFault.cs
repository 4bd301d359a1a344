using Microsoft.Data.Sqlite;

namespace Opbx.Data;

/// <summary>
/// Faults of the storage rather than of the request: the request was fine, the server could not store it now. They answer
/// 503 (with Retry-After when waiting helps) instead of 500, and /healthz reports them.
/// </summary>
public static class DatabaseFault
{
    /// <summary>How long a request waits for the SQLite write lock before it is answered 503 (the busy timeout).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The connection string with the busy timeout, unless the operator set one: Microsoft.Data.Sqlite waits for the write
    /// lock up to "Default Timeout" (30 s by default), which left a request hanging that long behind another writer.
    /// </summary>
    public static string WithBusyTimeout(string connectionString)
    {
        if (connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase)) return connectionString;
        return new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = (int)BusyTimeout.TotalSeconds }.ToString();
    }

    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>What kind of storage fault <paramref name="exception"/> (or an exception inside it, as EF wraps them) is; null for anything else.</summary>
    public static DatabaseFaultKind? Of(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not SqliteException sqlite) continue;
            return sqlite.SqliteErrorCode switch
            {
                SqliteBusy or SqliteLocked => DatabaseFaultKind.Busy,
                SqliteFull => DatabaseFaultKind.Full,
                SqliteReadOnly or SqliteIoErr or SqliteCantOpen => DatabaseFaultKind.NotWritable,
                _ => null,
            };
        }
        return null;
    }

    public static string Title(DatabaseFaultKind kind) => kind switch
    {
        DatabaseFaultKind.Busy => "The database is busy",
        DatabaseFaultKind.Full => "The server's disk is full",
        _ => "The database cannot be written",
    };

    public static string Message(DatabaseFaultKind kind) => kind switch
    {
        DatabaseFaultKind.Busy => "Another task is writing to the database. Nothing was changed; try again in a few seconds.",
        DatabaseFaultKind.Full => "Nothing was saved: the server has no disk space left. Tell your service provider; try again once space is freed.",
        _ => "Nothing was saved: the server cannot write its database file. Tell your service provider.",
    };

    /// <summary>Seconds a client should wait before trying again.</summary>
    public static int RetryAfterSeconds(DatabaseFaultKind kind) => kind == DatabaseFaultKind.Busy ? 5 : 60;
}
