using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

[Collection(AppCollection.Name)]
public sealed class WriteTransactionTests(OpbxApp app)
{
    private string ConnectionString => $"Data Source={Path.Combine(app.DataDirectory, "opbx.db")};Default Timeout=1";

    [Fact]
    public async Task HoldsTheWriteLockFromItsFirstStatement()
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            await using (var tx = await db.BeginWriteAsync())
            {
                // Nothing written yet, and still another writer cannot start: the rules read inside are decided alone.
                await using var other = new SqliteConnection(ConnectionString);
                await other.OpenAsync();
                var error = await Assert.ThrowsAsync<SqliteException>(async () =>
                {
                    await using var command = other.CreateCommand();
                    command.CommandText = "BEGIN IMMEDIATE;";
                    command.CommandTimeout = 1;
                    await command.ExecuteNonQueryAsync();
                });
                Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
            }
            // Disposed without commit: the lock is gone and the context is usable again.
            await using var after = new SqliteConnection(ConnectionString);
            await after.OpenAsync();
            await using var begin = after.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            await begin.ExecuteNonQueryAsync();
            Assert.Null(db.Database.CurrentTransaction);
        });
    }

    [Fact]
    public async Task AnInnerWriteJoinsTheOuterOne()
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            await using var outer = await db.BeginWriteAsync();
            var transaction = db.Database.CurrentTransaction;
            await using (var inner = await db.BeginWriteAsync())
            {
                await inner.CommitAsync(); // the outer owner commits
            }
            Assert.Same(transaction, db.Database.CurrentTransaction);
            await outer.CommitAsync();
        });
    }
}
