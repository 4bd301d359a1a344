using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

/// <summary>
/// Keeps SQLite's table statistics current (sqlite_stat1). Without them the planner guesses that every organization is
/// small and, for a large one, walks all its members to find a page of 25 by id.
/// </summary>
public static class PlannerStatistics
{
    /// <summary>Analyzes the tables whose statistics are missing or stale, reading at most about 1,000 rows of each index.</summary>
    public static Task RefreshAsync(OpbxDb db, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct);
}
