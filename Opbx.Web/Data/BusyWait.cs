using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

public static class BusyWait
{
    /// <summary>
    /// Runs <paramref name="work"/> waiting at most <paramref name="wait"/> for another writer (EF Core's commands and the
    /// connection's own, such as BEGIN), then puts back the waits there were. A pooled context keeps its connection: a wait
    /// left shortened would outlive the request and cut the next one's writes short.
    /// </summary>
    public static async Task WithBusyWaitAsync(this OpbxDb db, TimeSpan wait, Func<Task> work)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var before = (Connection: connection.DefaultTimeout, Commands: db.Database.GetCommandTimeout());
        connection.DefaultTimeout = (int)wait.TotalSeconds;
        db.Database.SetCommandTimeout(wait);
        try
        {
            await work();
        }
        finally
        {
            db.Database.SetCommandTimeout(before.Commands);
            connection.DefaultTimeout = before.Connection;
        }
    }
}
