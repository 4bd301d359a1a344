using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// SQLite's plan for statements a request ran (<see cref="RequestStatements"/>), and what in it grows with the organization:
/// a scan of a table, or a search of members (ring group, queue or organization members) by the organization alone, which
/// reads every member it has. Parameters are bound as NULL: SQLite plans a statement before it sees values.
/// </summary>
public static partial class QueryPlans
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string databaseFile, IEnumerable<string> statements)
    {
        await using var sqlite = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly");
        await sqlite.OpenAsync();
        var problems = new List<string>();
        foreach (var sql in statements.Distinct())
        {
            await using var explain = sqlite.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct()) explain.Parameters.AddWithValue(name, DBNull.Value);
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                var detail = plan.GetString(3);
                var scan = detail.StartsWith("SCAN ", StringComparison.Ordinal) && !detail.Contains("VIRTUAL TABLE", StringComparison.Ordinal)
                    && !detail.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal);
                if (scan || MembersByOrganization().IsMatch(detail)) problems.Add($"{detail}\n  in: {sql}");
            }
        }
        return problems;
    }

    [GeneratedRegex(@"[@$:]\w+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"INDEX IX_(RingGroupMembers|QueueMembers|Memberships)_\w+ \(OrganizationId=\?\)$")]
    private static partial Regex MembersByOrganization();
}
