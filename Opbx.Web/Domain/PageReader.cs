using Microsoft.EntityFrameworkCore;

namespace Opbx.Domain;

/// <summary>
/// Reads one page of a list in two steps: the page's ids in order, then the full rows of just those ids. When the order
/// needs a sort, SQLite computes every selected column of every row before sorting; selecting only the id keeps the
/// sort cheap, and per-row lookups (owner, extension, counts) run for the 25 rows shown instead of for all of them.
/// </summary>
public static class PageReader
{
    /// <param name="rowsOf">The rows of the page's ids, in any order: usually a <see cref="Data.CompiledQuery{TArgument, TRow}"/>,
    /// since its shape never changes while the ids query's does with each sort and filter.</param>
    public static Task<List<TRow>> ReadAsync<TRow>(IQueryable<Guid> orderedIds, Func<List<Guid>, IAsyncEnumerable<TRow>> rowsOf,
        Func<TRow, Guid> idOf, int page, int size, CancellationToken ct) =>
        ReadAsync((skip, take) => orderedIds.Skip(skip).Take(take).AsAsyncEnumerable(), rowsOf, idOf, page, size, ct);

    /// <param name="idsPage">The ids of the rows to skip and take, in order: a compiled query for a list's usual order.</param>
    public static async Task<List<TRow>> ReadAsync<TRow>(Func<int, int, IAsyncEnumerable<Guid>> idsPage, Func<List<Guid>, IAsyncEnumerable<TRow>> rowsOf,
        Func<TRow, Guid> idOf, int page, int size, CancellationToken ct)
    {
        var ids = await idsPage((page - 1) * size, size).ToListAsync(ct);
        if (ids.Count == 0) return [];
        var rows = new Dictionary<Guid, TRow>(ids.Count);
        await foreach (var row in rowsOf(ids).WithCancellation(ct)) rows[idOf(row)] = row;
        return ids.Select(id => rows[id]).ToList();
    }

    /// <summary>
    /// The list's total when the page itself tells it: a page with fewer rows than its size is the last one, so a search
    /// that finds 10 members needs no second pass over the organization to count them. Null when the page is full (or
    /// empty past the first page), and the caller counts.
    /// </summary>
    public static int? TotalShownBy(int page, int size, int rowsOnPage) =>
        rowsOnPage < size && (rowsOnPage > 0 || page == 1) ? (page - 1) * size + rowsOnPage : null;
}
