using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// A pooled context keeps its connection open between scopes, and the connection keeps its prepared statements
/// (<see cref="KeptOpenConnection"/>, <see cref="PreparedStatements"/>). What was true of a fresh connection must stay
/// true: each query binds its own values, waits as long as its own scope says and sees the latest commits, two readers of
/// the same SQL can be open at once, and a transaction a scope left open is rolled back, not handed to the next scope.
/// Most run on a pool of one context over a database of their own, built with the app's own options
/// (<see cref="OpbxDb.Configure"/>): no background job of the app can take the context between two scopes.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KeptStatementTests(OpbxApp app) : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"opbx-kept-{Guid.NewGuid():N}.db");
    private readonly TimeoutsSeen timeouts = new();
    private readonly List<SqliteConnection> opened = [];

    private PooledDbContextFactory<OpbxDb> PoolOfOne()
    {
        var options = new DbContextOptionsBuilder<OpbxDb>();
        OpbxDb.Configure(options, $"Data Source={file}").AddInterceptors(timeouts);
        var pool = new PooledDbContextFactory<OpbxDb>(options.Options, poolSize: 1);
        using var db = pool.CreateDbContext();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL; CREATE TABLE Names (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL); INSERT INTO Names VALUES (1, 'one'), (2, 'two');");
        opened.Add((SqliteConnection)db.Database.GetDbConnection());
        return pool;
    }

    private static Task<string> NameAsync(DbContext db, int id) =>
        db.Database.SqlQuery<string>($"SELECT Name AS Value FROM Names WHERE Id = {id}").SingleAsync();

    private SqliteConnection Other(int timeoutSeconds = 30) => new($"Data Source={file};Default Timeout={timeoutSeconds}");

    [Fact]
    public async Task TheNextScopeRunsTheStatementTheLastOnePreparedWithItsOwnValuesTimeoutAndTheLatestCommits()
    {
        var pool = PoolOfOne();
        OpbxDb first;
        SqliteConnection connection;
        await using (var db = pool.CreateDbContext())
        {
            first = db;
            db.Database.SetCommandTimeout(1);
            Assert.Equal("one", await NameAsync(db, 1));
            Assert.Equal(1, timeouts.Last);
            connection = (SqliteConnection)db.Database.GetDbConnection();
        }
        Assert.Equal(ConnectionState.Open, connection.State);
        var statements = PreparedStatements.Of(connection);
        Assert.True(statements.Count > 0);

        // Another connection commits a change between the scopes.
        await using (var other = Other())
        {
            await other.OpenAsync();
            await using var rename = other.CreateCommand();
            rename.CommandText = "UPDATE Names SET Name = 'uno' WHERE Id = 1";
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        await using (var db = pool.CreateDbContext())
        {
            Assert.Same(first, db);
            Assert.Same(connection, db.Database.GetDbConnection());
            var reuses = statements.Reuses;
            Assert.Equal("two", await NameAsync(db, 2));
            // The last scope's one-second wait is not this one's: the connection's own applies again.
            Assert.Equal(connection.DefaultTimeout, timeouts.Last);
            Assert.Equal("uno", await NameAsync(db, 1));
            Assert.Equal(reuses + 2, statements.Reuses);
        }
    }

    [Fact]
    public async Task ATransactionAScopeLeftOpenIsRolledBackNotHandedOn()
    {
        var pool = PoolOfOne();
        SqliteConnection connection;
        await using (var db = pool.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            connection = (SqliteConnection)db.Database.GetDbConnection();
            // As a write would that never reached its dispose: BEGIN IMMEDIATE and a change, then the scope ends.
            var transaction = connection.BeginTransaction(deferred: false);
            await db.Database.UseTransactionAsync(transaction);
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE Names SET Name = 'never committed' WHERE Id = 1"));
        }
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0, PreparedStatements.Of(connection).Count);

        // The write lock is free at once, and the change is gone.
        await using (var other = Other(timeoutSeconds: 0))
        {
            await other.OpenAsync();
            await using var write = other.BeginTransaction(deferred: false);
            write.Rollback();
        }
        await using (var db = pool.CreateDbContext())
        {
            Assert.Null(db.Database.CurrentTransaction);
            Assert.Equal("one", await NameAsync(db, 1));
        }
    }

    [Fact]
    public async Task TwoReadersOfTheSameSqlCanBeOpenAtOnce()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var pairs = new List<(string Outer, string? Inner)>();
            await foreach (var name in Named(db, first.Organization.Id).AsAsyncEnumerable())
            {
                pairs.Add((name, await Named(db, second.Organization.Id).SingleOrDefaultAsync()));
            }
            Assert.Equal([(first.Organization.Name, (string?)second.Organization.Name)], pairs);
            return true;
        });

        static IQueryable<string> Named(OpbxDb db, Guid id) => db.Organizations.IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.Name);
    }

    public void Dispose()
    {
        foreach (var connection in opened) connection.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection($"Data Source={file}"));
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
    }

    /// <summary>The wait each query ran with, as the command carried it to SQLite.</summary>
    private sealed class TimeoutsSeen : DbCommandInterceptor
    {
        public int Last { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Last = command.CommandTimeout;
            return ValueTask.FromResult(result);
        }
    }
}
