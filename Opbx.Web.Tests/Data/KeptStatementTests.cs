using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// A pooled context keeps its connection open between scopes, and the connection keeps its prepared statements
/// (<see cref="KeptOpenConnection"/>, <see cref="PreparedStatements"/>). What was true of a fresh connection must stay
/// true: each query binds its own values and sees the latest commits, two readers of the same SQL can be open at once,
/// and a transaction a scope left open is rolled back, not handed to the next scope.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class KeptStatementTests(OpbxApp app)
{
    private static Task<string?> NameAsync(OpbxDb db, Guid id) =>
        db.Organizations.IgnoreQueryFilters().Where(o => o.Id == id).Select(o => o.Name).SingleOrDefaultAsync();

    /// <summary>
    /// Rents scopes until the pool hands out <paramref name="context"/> again, and runs <paramref name="work"/> in that scope
    /// (the pool hands contexts out in the order they came back; a background job may hold this one for a moment).
    /// </summary>
    private async Task InScopeOfAsync(OpbxDb context, Func<OpbxDb, Task> work)
    {
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var until = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            if (i % 200 == 199) await Task.Delay(20);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            if (!ReferenceEquals(db, context)) continue;
            await work(db);
            return;
        }
        Assert.Fail("The pool never handed the context out again.");
    }

    [Fact]
    public async Task TheNextScopeRunsTheStatementTheLastOnePreparedWithItsOwnValuesAndTheLatestCommits()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        OpbxDb context;
        SqliteConnection connection;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            context = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            Assert.Equal(first.Organization.Name, await NameAsync(context, first.Organization.Id));
            connection = (SqliteConnection)context.Database.GetDbConnection();
        }
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        var statements = PreparedStatements.Of(connection);
        Assert.True(statements.Count > 0);

        // Another connection commits a change between the scopes.
        await using (var other = new SqliteConnection(connection.ConnectionString))
        {
            await other.OpenAsync();
            await using var rename = other.CreateCommand();
            rename.CommandText = "UPDATE Organizations SET Name = 'Renamed Between Scopes' WHERE Id = $id";
            rename.Parameters.AddWithValue("$id", first.Organization.Id.ToString().ToUpperInvariant());
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        await InScopeOfAsync(context, async db =>
        {
            Assert.Same(connection, db.Database.GetDbConnection());
            var reuses = statements.Reuses;
            Assert.Equal(second.Organization.Name, await NameAsync(db, second.Organization.Id));
            Assert.Equal("Renamed Between Scopes", await NameAsync(db, first.Organization.Id));
            Assert.Equal(reuses + 2, statements.Reuses);
        });
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
            await foreach (var name in db.Organizations.IgnoreQueryFilters().Where(o => o.Id == first.Organization.Id).Select(o => o.Name).AsAsyncEnumerable())
            {
                pairs.Add((name, await NameAsync(db, second.Organization.Id)));
            }
            Assert.Equal([(first.Organization.Name, (string?)second.Organization.Name)], pairs);
            return true;
        });
    }

    [Fact]
    public async Task ATransactionAScopeLeftOpenIsRolledBackNotHandedOn()
    {
        var created = await app.CreateOrganizationAsync();
        OpbxDb context;
        SqliteConnection connection;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            context = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            await context.Database.OpenConnectionAsync();
            connection = (SqliteConnection)context.Database.GetDbConnection();
            // As a write would that never reached its dispose: BEGIN IMMEDIATE and a change, then the scope ends.
            var transaction = connection.BeginTransaction(deferred: false);
            await context.Database.UseTransactionAsync(transaction);
            await context.Database.ExecuteSqlInterpolatedAsync($"UPDATE Organizations SET Name = 'Never Committed' WHERE Id = {created.Organization.Id}");
        }
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        Assert.Equal(0, PreparedStatements.Of(connection).Count);

        // The write lock is free at once, and the change is gone.
        await using (var other = new SqliteConnection(connection.ConnectionString + ";Default Timeout=0"))
        {
            await other.OpenAsync();
            await using var write = other.BeginTransaction(deferred: false);
            write.Rollback();
        }
        await InScopeOfAsync(context, async db =>
        {
            Assert.Null(db.Database.CurrentTransaction);
            Assert.Equal(created.Organization.Name, await NameAsync(db, created.Organization.Id));
        });
    }
}
