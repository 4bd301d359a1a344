using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

public static class BusyWait
{
    /// <summary>
    /// Runs <paramref name="work"/> waiting at most <paramref name="wait"/> for another writer, then puts back the wait the
    /// connection had. EF Core hands a changed command timeout to the SQLite connection itself, and a pooled context keeps
    /// its connection: a wait left shortened would outlive the request and cut the next one's writes short.
    /// </summary>
    public static async Task WithBusyWaitAsync(this OpbxDb db, TimeSpan wait, Func<Task> work)
    {
        var before = db.Database.GetDbConnection() is SqliteConnection connection ? connection.DefaultTimeout : (int)DatabaseFault.BusyTimeout.TotalSeconds;
        db.Database.SetCommandTimeout(wait);
        try
        {
            await work();
        }
        finally
        {
            db.Database.SetCommandTimeout(before);
        }
    }
}
