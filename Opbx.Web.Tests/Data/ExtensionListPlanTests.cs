using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// An extension page is read in number order (shorter numbers first) straight from the expression index, not sorted from
/// every extension of the organization, and its unfiltered total is the organization's kept count.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ExtensionListPlanTests(OpbxApp app)
{
    [Fact]
    public async Task AnExtensionPageIsReadInOrderFromTheIndexAndCountedFromTheKeptCount()
    {
        var org = await app.CreateOrganizationAsync();
        foreach (var number in new[] { "4010", "403", "402" }) await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: number);

        var (first, second, searched, sql) = await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var extensions = sp.GetRequiredService<ExtensionService>();
            // The statement the page's order builds (the service's own LINQ shape), to ask SQLite how it reads it.
            var sql = sp.GetRequiredService<OpbxDb>().Extensions.OrderBy(x => x.Number.Length).ThenBy(x => x.Number)
                .Skip(2).Take(2).Select(x => x.Number).ToQueryString();
            return (await extensions.PageAsync(null, 1, 2), await extensions.PageAsync(null, 2, 2), await extensions.PageAsync("40", 1, 50), sql);
        });
        Assert.Equal(3, first.Total);
        Assert.Equal(["402", "403"], first.Items.Select(x => x.Number));
        Assert.Equal(["4010"], second.Items.Select(x => x.Number));
        Assert.Equal(3, searched.Total);

        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "opbx.db")}");
        await sqlite.OpenAsync();
        await using var explain = sqlite.CreateCommand();
        // ToQueryString declares the parameters as ".param set @name value" lines; the plan does not depend on their values.
        var lines = sql.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
            explain.Parameters.AddWithValue(line.Split(' ')[2], DBNull.Value);
        explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith('.')));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, p => p.Contains("IX_Extensions_OrganizationId_NumberLength_Number", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
