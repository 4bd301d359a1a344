using Microsoft.Data.Sqlite;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// Takes SQLite's write lock on a database file from another connection, as another process or writer would, and keeps it
/// until disposed (then rolls back: a pooled connection would otherwise keep the transaction open past its Dispose).
/// </summary>
public sealed class WriteLock : IDisposable
{
    private readonly SqliteConnection _connection;

    public WriteLock(string file)
    {
        _connection = new SqliteConnection($"Data Source={file};Default Timeout=30;Pooling=False");
        _connection.Open();
        using var begin = _connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
    }

    /// <summary>The lock on the app's own database.</summary>
    public static WriteLock On(OpbxApp app) => new(Path.Combine(app.DataDirectory, "opbx.db"));

    public void Dispose()
    {
        using (var rollback = _connection.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        _connection.Dispose();
    }
}
