using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

[Collection(AppCollection.Name)]
public sealed class MigrationsTests(OpbxApp app)
{
    [Fact]
    public async Task TheModelHasNoChangesWithoutAMigration()
    {
        await app.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            Assert.False(db.Database.HasPendingModelChanges(),
                "The EF model changed without a migration: EF_DESIGN=true dotnet ef migrations add <Name> --project Opbx.Web");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task TheDatabaseRunsInWalMode()
    {
        var mode = await app.WithScopeAsync(async sp =>
        {
            var connection = sp.GetRequiredService<OpbxDb>().Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string)(await command.ExecuteScalarAsync())!;
        });
        Assert.Equal("wal", mode);
    }
}
