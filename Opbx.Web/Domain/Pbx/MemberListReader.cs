using Microsoft.EntityFrameworkCore;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Ring groups or queues (<typeparamref name="TList"/>) read as rows with their members: a page, all, one, or just their
/// numbers and names. Ordered by number, shorter numbers first; the members are read by <see cref="MemberList.ReadAsync"/>
/// for the lists read only. The one reading <see cref="RingGroupService"/> and <see cref="QueueService"/> share.
/// </summary>
public sealed class MemberListReader<TList, TRow>(IQueryable<TList> lists, IQueryable<MemberEntry> members, Func<TList, ListMembers, TRow> row)
    where TList : class, IMemberList
{
    /// <summary>
    /// One page: counted and paged in the query; members read for the page's lists only, all of them or
    /// (<paramref name="membersShown"/>) the first few of each with the rest counted.
    /// </summary>
    public async Task<Paged<TRow>> PageAsync(int page, int pageSize, int? membersShown, CancellationToken ct)
    {
        var total = await lists.CountAsync(ct);
        return new Paged<TRow>(await RowsAsync(ByNumber.Skip((page - 1) * pageSize).Take(pageSize), membersShown, ct), total, page, pageSize);
    }

    /// <summary>Every list with all its members.</summary>
    public Task<IReadOnlyList<TRow>> ListAsync(CancellationToken ct) => RowsAsync(ByNumber, null, ct);

    /// <summary>One list with all its members, or null when the organization has none with that id.</summary>
    public async Task<TRow?> FindAsync(Guid id, CancellationToken ct) =>
        await lists.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) is { } list
            ? row(list, MemberList.Of(await MemberList.ReadAsync(members, [id], null, ct), id))
            : default;

    /// <summary>Number and name of these ids of the organization (for the words a list shows for a destination).</summary>
    public async Task<IReadOnlyDictionary<Guid, (string Number, string Name)>> NamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, (string, string)>()
            : (await lists.Where(x => ids.Contains(x.Id)).Select(x => new { x.Id, x.Number, x.Name }).ToListAsync(ct))
            .ToDictionary(x => x.Id, x => (x.Number, x.Name));

    private IQueryable<TList> ByNumber => lists.AsNoTracking().OrderBy(x => x.Number.Length).ThenBy(x => x.Number);

    private async Task<IReadOnlyList<TRow>> RowsAsync(IQueryable<TList> query, int? membersShown, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var read = await MemberList.ReadAsync(members, rows.Select(x => x.Id).ToList(), membersShown, ct);
        return rows.Select(x => row(x, MemberList.Of(read, x.Id))).ToList();
    }
}
