using SQLitePCL;

namespace Opbx.Data;

/// <summary>
/// The process-wide SQLite settings, made once before the first connection opens (SQLite takes them only then; made
/// later, as in a test host that opened a database first, SQLite answers "misuse" and keeps its defaults).
/// <list type="bullet">
/// <item>Multi-thread mode: a connection is used by one thread at a time (a pooled context, or the job store's connection
/// for one operation), so SQLite need not take the connection's mutex on every call, each column read of each row
/// included.</item>
/// <item>No memory statistics: with them every allocation SQLite makes takes one global mutex, for all connections.</item>
/// </list>
/// Measured side by side on the bench database, with <see cref="MappedReads"/>: the extensions, numbers and members pages
/// took 10–20 % less CPU per request.
/// </summary>
public static class SqliteEngine
{
    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1) return;
        Batteries_V2.Init();
        raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }
}
