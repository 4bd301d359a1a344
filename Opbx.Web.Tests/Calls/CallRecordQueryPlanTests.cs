using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Calls;

/// <summary>
/// Every statement the call records list runs (<see cref="CallRecordLog.PageAsync"/>, behind /Org/{org}/Calls and GET
/// /api/v1/cdrs) is checked with SQLite's EXPLAIN QUERY PLAN for each filter, on a database of its own with thousands of
/// records, before and after the planner's statistics are gathered as the app gathers them: none may scan CallRecords, an
/// extension or number filter and a keyset page must seek (not walk all of the organization's records newest-first), and
/// an extension's records come in the index's order (no sort of all its records). README Performance has the timings.
/// </summary>
public sealed class CallRecordQueryPlanTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("opbx-cdr-plan-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static readonly (string Name, string? Direction, string? Extension, string? Number, string? Disposition, bool Older, bool Seeks, bool Sorts)[] Cases =
    [
        ("newest calls", null, null, null, null, false, false, false),
        ("direction", "inbound", null, null, null, false, false, false),
        ("disposition", null, null, null, "busy", false, false, false),
        ("extension", null, "1042", null, null, false, true, false),
        ("extension + no_answer", null, "1042", null, "no_answer", false, true, false),
        ("extension, older page", null, "1042", null, null, true, true, false),
        ("number (ends with)", null, null, "55", null, false, true, true),
        ("number + outbound", "outbound", null, "12", null, false, true, true),
        ("newest calls, older page", null, null, null, null, true, true, false),
    ];

    [Fact]
    public async Task Every_list_statement_seeks_an_index_and_none_scans_the_call_records()
    {
        var statements = new List<(string Case, SqliteCommand Command)>();
        var current = "";
        var connection = $"Data Source={Path.Combine(_folder.FullName, "opbx.db")}";
        var options = new DbContextOptionsBuilder<OpbxDb>()
            .UseSqlite(connection, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(new Capture(c => statements.Add((current, c))))
            .Options;
        var tenant = new TenantContext();
        var organizationId = await SeedAsync(options, tenant, 6000);
        tenant.Enter(organizationId);
        var owner = Actor.Person(Guid.NewGuid(), true, null);
        var problems = new List<string>();

        foreach (var statistics in new[] { "without statistics", "with statistics" })
        {
            if (statistics == "with statistics")
                await using (var db = new OpbxDb(options).Use(tenant)) await PlannerStatistics.RefreshAsync(db);
            foreach (var c in Cases)
            {
                var errors = new FieldErrors();
                var query = CallRecordQuery.Parse(null, null, c.Direction, c.Extension, c.Number, c.Disposition, null, 10, errors);
                errors.ThrowIfAny();
                await using var db = new OpbxDb(options).Use(tenant);
                var log = new CallRecordLog(db);
                current = "";
                var first = await log.PageAsync(owner, query, leavesOpbx: false);
                Assert.True(first.Calls.Count > 0, $"{c.Name}: the seeded records have matches");
                statements.Clear();
                current = $"{c.Name} ({statistics})";
                if (c.Older)
                {
                    Assert.NotNull(first.Older);
                    await log.PageAsync(owner, query with { Before = first.Older }, leavesOpbx: false);
                }
                else await log.PageAsync(owner, query, leavesOpbx: false);
                Assert.Contains(statements, s => s.Command.CommandText.Contains("\"CallRecords\"", StringComparison.Ordinal));
                foreach (var (name, command) in statements.ToList()) problems.AddRange(await CheckAsync(connection, name, command, c.Seeks, c.Sorts));
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    private static async Task<List<string>> CheckAsync(string connection, string name, SqliteCommand statement, bool seeks, bool sorts)
    {
        var problems = new List<string>();
        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        await using var explain = sqlite.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + statement.CommandText;
        foreach (SqliteParameter p in statement.Parameters) explain.Parameters.AddWithValue(p.ParameterName, p.Value);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        foreach (var detail in plan)
        {
            // A scan of the id list the query was given (json_each) is a scan of the parameter, not of a table.
            if (detail.StartsWith("SCAN", StringComparison.Ordinal) && !detail.Contains("VIRTUAL TABLE", StringComparison.Ordinal))
                problems.Add($"{name}: {detail}");
            // The organization alone as the index's constraint: every record of the organization, newest first, until enough match.
            if (seeks && detail.Contains("IX_CallRecords_OrganizationId_StartedAt_Id", StringComparison.Ordinal)
                && detail.EndsWith("(OrganizationId=?)", StringComparison.Ordinal))
                problems.Add($"{name}: walks the organization's records instead of seeking: {detail}");
            if (!sorts && detail.StartsWith("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal)
                && statement.CommandText.Contains("ORDER BY \"c\".\"StartedAt\" DESC", StringComparison.Ordinal))
                problems.Add($"{name}: sorts every matching record instead of reading them in the index's order");
        }
        return problems.Count == 0 ? problems : [$"{string.Join("\n", problems)}\n  plan: {string.Join(" | ", plan)}\n  in: {statement.CommandText}"];
    }

    /// <summary>
    /// One organization with 200 phones (extensions 1000…1199) and <paramref name="count"/> records over a year: a third each
    /// inbound (from +4930…), outbound (to 0049…) and internal; 5 % busy, ~13 % unanswered; pairs of legs share a linkedid.
    /// </summary>
    private static async Task<Guid> SeedAsync(DbContextOptions<OpbxDb> options, TenantContext tenant, int count)
    {
        await using var db = new OpbxDb(options).Use(tenant);
        await db.Database.MigrateAsync();
        using var _ = tenant.AcrossOrganizations();
        var organization = new Organization { Name = "Plan calls", Slug = "plan-calls", CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        db.Extensions.AddRange(Enumerable.Range(0, 200).Select(i => new Extension
        {
            OrganizationId = organization.Id, Number = (1000 + i).ToString(CultureInfo.InvariantCulture), SipUsername = $"phone{i}", CreatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var step = TimeSpan.FromDays(365).Ticks / count;
        // Only numbers and a generated id go into the text.
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "CallRecords" ("OrganizationId", "UniqueId", "Sequence", "LinkedId", "StartedAt", "AnsweredAt", "EndedAt", "DurationSeconds",
                "BillSeconds", "Disposition", "Direction", "Source", "Destination", "SourceChannel", "DestinationChannel", "RecordingBytes")
            SELECT '{organization.Id.ToString().ToUpperInvariant()}', 'plan.' || i, 1, 'plan.' || (i - i % 2), {start} + i * {step}, NULL,
                {start} + i * {step} + 950000000, 95, 0,
                CASE WHEN i % 20 = 0 THEN 'Busy' WHEN i % 7 = 0 THEN 'NoAnswer' ELSE 'Answered' END,
                CASE i % 3 WHEN 0 THEN 'Inbound' WHEN 1 THEN 'Outbound' ELSE 'Internal' END,
                CASE i % 3 WHEN 0 THEN '+4930' || (1000000 + i * 37 % 8999999) ELSE (1000 + i % 200) END,
                CASE i % 3 WHEN 1 THEN '0049' || (30000000 + i * 53 % 69999999) ELSE (1000 + (i * 7) % 200) END,
                CASE i % 3 WHEN 0 THEN 'PJSIP/opbx-trunk-aa-' || printf('%08x', i) ELSE 'PJSIP/phone' || (i % 200) || '-' || printf('%08x', i) END,
                CASE i % 3 WHEN 1 THEN 'PJSIP/opbx-trunk-aa-' || printf('%08x', i) ELSE 'PJSIP/phone' || ((i * 7) % 200) || '-' || printf('%08x', i) END,
                0
            FROM n
            """;
        await db.Database.ExecuteSqlRawAsync(sql);
        return organization.Id;
    }

    private sealed class Capture(Action<SqliteCommand> add) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            add(Copy(command));
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            add(Copy(command));
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
