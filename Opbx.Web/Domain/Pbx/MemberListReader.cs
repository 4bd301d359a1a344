using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Ring groups or queues (<typeparamref name="TList"/>) read as rows with their members: a page, all, one, or just their
/// numbers and names. Ordered by number, shorter numbers first. The members are searched by the members' (organization,
/// list, position) index for the lists read only, never by organization (which reads every member of it); with a number
/// of members shown, only the first that many of each list are read and the rest are counted in SQL, so a page of queues
/// of 1,000 members each reads a few rows per queue. One instance per kind of list, shared by every request: its
/// statements are compiled once (see <see cref="CompiledQuery{TArgument, TRow}"/>), and the tenant filter applies to both
/// tables. The one reading <see cref="RingGroupService"/> and <see cref="QueueService"/> share.
/// </summary>
public sealed class MemberListReader<TList, TRow>
    where TList : class, IMemberList
{
    private readonly Func<TList, ListMembers, TRow> _row;
    private readonly CompiledQuery<int, int, TList> _page;
    private readonly CompiledQuery<Guid, TList> _one;
    private readonly CompiledQuery<List<Guid>, ListName> _names;
    private readonly CompiledQuery<List<Guid>, MemberEntry> _members;
    private readonly CompiledQuery<List<Guid>, ListCount> _counts;
    private readonly CompiledQuery<List<Guid>, int, MemberEntry> _before;
    private readonly CompiledQuery<List<Guid>, int, MemberEntry> _from;

    /// <param name="members">The members of every list of this kind, as entries (the list's own table projected).</param>
    /// <param name="row">The row a list and its members make.</param>
    public MemberListReader(Expression<Func<OpbxDb, IQueryable<MemberEntry>>> members, Func<TList, ListMembers, TRow> row)
    {
        _row = row;
        _page = new((db, skip, take) => db.Set<TList>().AsNoTracking().OrderBy(x => x.Number.Length).ThenBy(x => x.Number).Skip(skip).Take(take));
        _one = new((db, id) => db.Set<TList>().AsNoTracking().Where(x => x.Id == id));
        _names = new((db, ids) => db.Set<TList>().Where(x => ids.Contains(x.Id)).Select(x => new ListName(x.Id, x.Number, x.Name)));
        _members = new(Over<List<Guid>, MemberEntry>(members, (entries, lists) => entries.Where(e => lists.Contains(e.ListId))));
        _counts = new(Over<List<Guid>, ListCount>(members, (entries, lists) =>
            entries.Where(e => lists.Contains(e.ListId)).GroupBy(e => e.ListId).Select(g => new ListCount(g.Key, g.Count()))));
        _before = new(Over<List<Guid>, int>(members, (entries, lists, n) => entries.Where(e => lists.Contains(e.ListId) && e.Position < n)));
        _from = new(Over<List<Guid>, int>(members, (entries, lists, n) => entries.Where(e => lists.Contains(e.ListId) && e.Position >= n)));
    }

    /// <summary>
    /// One page: members read for the page's lists only, all of them or (<paramref name="membersShown"/>) the first few of
    /// each with the rest counted. The lists are counted only when the page does not tell the total.
    /// </summary>
    public async Task<Paged<TRow>> PageAsync(OpbxDb db, int page, int pageSize, int? membersShown, CancellationToken ct)
    {
        var rows = await RowsAsync(db, (page - 1) * pageSize, pageSize, membersShown, ct);
        var total = PageReader.TotalShownBy(page, pageSize, rows.Count) ?? await db.Set<TList>().CountAsync(ct);
        return new Paged<TRow>(rows, total, page, pageSize);
    }

    /// <summary>Every list with all its members.</summary>
    public Task<IReadOnlyList<TRow>> ListAsync(OpbxDb db, CancellationToken ct) => RowsAsync(db, 0, int.MaxValue, null, ct);

    /// <summary>One list with all its members, or null when the organization has none with that id.</summary>
    public async Task<TRow?> FindAsync(OpbxDb db, Guid id, CancellationToken ct) =>
        await _one.Run(db, id).FirstOrDefaultAsync(ct) is { } list
            ? _row(list, MemberList.Of(await MembersAsync(db, [id], null, ct), id))
            : default;

    /// <summary>Number and name of these ids of the organization (for the words a list shows for a destination).</summary>
    public async Task<IReadOnlyDictionary<Guid, (string Number, string Name)>> NamesAsync(OpbxDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, (string, string)>()
            : (await _names.Run(db, ids.ToList()).ToListAsync(ct)).ToDictionary(x => x.Id, x => (x.Number, x.Name));

    private async Task<IReadOnlyList<TRow>> RowsAsync(OpbxDb db, int skip, int take, int? membersShown, CancellationToken ct)
    {
        var lists = await _page.Run(db, skip, take).ToListAsync(ct);
        var read = await MembersAsync(db, lists.Select(x => x.Id).ToList(), membersShown, ct);
        return lists.Select(x => _row(x, MemberList.Of(read, x.Id))).ToList();
    }

    /// <summary>The members of these lists in order: all, or (<paramref name="first"/>) the first that many of each and their count.</summary>
    private async Task<IReadOnlyDictionary<Guid, ListMembers>> MembersAsync(OpbxDb db, List<Guid> lists, int? first, CancellationToken ct)
    {
        if (lists.Count == 0) return new Dictionary<Guid, ListMembers>();
        List<MemberEntry> rows;
        Dictionary<Guid, int>? counts = null;
        if (first is { } n)
        {
            counts = (await _counts.Run(db, lists).ToListAsync(ct)).ToDictionary(x => x.ListId, x => x.Count);
            // Positions are 0, 1, 2… as saved, so the first few are a range of the index. A deleted extension leaves a gap
            // (its rows go with it): a list that comes up short is read on from there.
            rows = counts.Count == 0 ? [] : await _before.Run(db, lists, n).ToListAsync(ct);
            var found = rows.CountBy(e => e.ListId).ToDictionary(x => x.Key, x => x.Value);
            var shortLists = counts.Where(c => found.GetValueOrDefault(c.Key) < Math.Min(n, c.Value)).Select(c => c.Key).ToList();
            if (shortLists.Count > 0) rows.AddRange(await _from.Run(db, shortLists, n).ToListAsync(ct));
        }
        else rows = await _members.Run(db, lists).ToListAsync(ct);
        return rows.GroupBy(e => e.ListId).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderBy(e => e.Position).Take(first ?? int.MaxValue).ToList();
            return new ListMembers(ordered.Select(e => e.ExtensionId).ToList(), ordered.Select(e => e.Number).ToList(),
                counts?.GetValueOrDefault(g.Key) ?? ordered.Count);
        });
    }

    // A statement over the members, written against their entries: the members' own projection is put in its place.
    private static Expression<Func<OpbxDb, TArgument, IQueryable<TResult>>> Over<TArgument, TResult>(
        Expression<Func<OpbxDb, IQueryable<MemberEntry>>> members, Expression<Func<IQueryable<MemberEntry>, TArgument, IQueryable<TResult>>> query) =>
        Spliced<Func<OpbxDb, TArgument, IQueryable<TResult>>>(members, query);

    private static Expression<Func<OpbxDb, T1, T2, IQueryable<MemberEntry>>> Over<T1, T2>(
        Expression<Func<OpbxDb, IQueryable<MemberEntry>>> members, Expression<Func<IQueryable<MemberEntry>, T1, T2, IQueryable<MemberEntry>>> query) =>
        Spliced<Func<OpbxDb, T1, T2, IQueryable<MemberEntry>>>(members, query);

    private static Expression<TCompiled> Spliced<TCompiled>(Expression<Func<OpbxDb, IQueryable<MemberEntry>>> members, LambdaExpression query) =>
        Expression.Lambda<TCompiled>(ReplacingExpressionVisitor.Replace(query.Parameters[0], members.Body, query.Body),
            [members.Parameters[0], .. query.Parameters.Skip(1)]);

    private sealed record ListName(Guid Id, string Number, string Name);
    private sealed record ListCount(Guid ListId, int Count);
}
