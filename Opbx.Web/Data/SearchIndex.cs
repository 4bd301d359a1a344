using Microsoft.EntityFrameworkCore;

namespace Opbx.Data;

/// <summary>
/// The accounts' full-text index (table AccountSearch, FTS5 trigrams, kept by triggers). Every insert adds a small
/// segment that SQLite merges only now and then, and a search reads every segment: on the bench's 105,000 accounts a
/// merged index counts the 22,000 matches of "ana" in 0.65 ms instead of 1.1 and walks a page of them in 0.25 ms
/// instead of 0.8.
/// </summary>
public static class SearchIndex
{
    /// <summary>Merges the index into one segment (about 0.8 s of the write lock for 105,000 accounts).</summary>
    public static Task MergeAsync(OpbxDb db, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync("INSERT INTO AccountSearch(AccountSearch) VALUES ('optimize');", ct);
}
