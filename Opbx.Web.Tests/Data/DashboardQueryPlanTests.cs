using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// The organization dashboards read counters and indexed ranges only: every statement they run is checked with SQLite's
/// EXPLAIN QUERY PLAN, and none may scan a table (a scan of members grows with the organization).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardQueryPlanTests(OpbxApp app)
{
    [Fact]
    public async Task DashboardsSearchIndexesAndNeverScan()
    {
        var org = await app.CreateOrganizationAsync();
        await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "401");
        var reporter = await app.AddMemberAsync(org.Organization.Id, "reporter");

        var statements = new List<DbCommand>();
        var connection = $"Data Source={Path.Combine(app.DataDirectory, "opbx.db")}";
        var options = new DbContextOptionsBuilder<OpbxDb>()
            .UseSqlite(connection, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(new Capture(statements))
            .Options;
        var tenant = new TenantContext();
        tenant.Enter(org.Organization.Id);
        await using (var db = new OpbxDb(options).Use(tenant))
        {
            var dashboard = new OrganizationDashboard(db, new AuditLog(db, new AuditActor(), TimeProvider.System, new SupportAccessSeen()), TimeProvider.System);
            var admin = await dashboard.ForAdminsAsync();
            Assert.Equal(3, admin.Members);
            await dashboard.ForMemberAsync(reporter.AccountId);
        }

        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        var scans = new List<string>();
        foreach (var statement in statements)
        {
            await using var explain = sqlite.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + statement.CommandText;
            foreach (DbParameter p in statement.Parameters) explain.Parameters.AddWithValue(p.ParameterName, p.Value ?? DBNull.Value);
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                var detail = plan.GetString(3);
                // A scan of the id list the query was given (json_each) is a scan of the parameter, not of a table.
                if (detail.StartsWith("SCAN", StringComparison.Ordinal) && !detail.Contains("VIRTUAL TABLE", StringComparison.Ordinal))
                    scans.Add($"{detail}\n  in: {statement.CommandText}");
                // Searching the members by organization alone still reads every member of it.
                if (detail.Contains("IX_Memberships_", StringComparison.Ordinal) && detail.EndsWith("(OrganizationId=?)", StringComparison.Ordinal))
                    scans.Add($"{detail}\n  in: {statement.CommandText}");
            }
        }
        // The administrators' counts are one statement (with a subquery per count), then the activity and its names; the
        // member's home two more.
        Assert.True(statements.Count >= 4, $"only {statements.Count} statements were captured");
        Assert.True(scans.Count == 0, string.Join("\n", scans));
    }

    private sealed class Capture(List<DbCommand> statements) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            statements.Add(Copy(command));
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            statements.Add(Copy(command));
            return ValueTask.FromResult(result);
        }

        private static SqliteCommand Copy(DbCommand command)
        {
            var copy = new SqliteCommand(command.CommandText);
            foreach (DbParameter p in command.Parameters) copy.Parameters.AddWithValue(p.ParameterName, p.Value ?? DBNull.Value);
            return copy;
        }
    }
}
