using Microsoft.EntityFrameworkCore;

namespace Opbx.Domain;

/// <summary>
/// Reads one page of a list in two steps: the page's ids in order, then the full rows of just those ids. When the order
/// needs a sort, SQLite computes every selected column of every row before sorting; selecting only the id keeps the
/// sort cheap, and per-row lookups (owner, extension, counts) run for the 25 rows shown instead of for all of them.
/// </summary>
public static class PageReader
{
    public static async Task<List<TRow>> ReadAsync<TRow>(IQueryable<Guid> orderedIds, Func<List<Guid>, IQueryable<TRow>> rowsOf,
        Func<TRow, Guid> idOf, int page, int size, CancellationToken ct)
    {
        var ids = await orderedIds.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var rows = (await rowsOf(ids).ToListAsync(ct)).ToDictionary(idOf);
        return ids.Select(id => rows[id]).ToList();
    }
}
