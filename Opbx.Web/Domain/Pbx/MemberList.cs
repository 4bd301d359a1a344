using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The extensions a ring group or queue rings: checked against the current organization, applied as a change list, and
/// read for a page of lists by the (organization, list, position) index. The one piece both member lists use.
/// </summary>
public static class MemberList
{
    /// <summary>Distinct, existing in this organization (another organization's extension is not found), at most <paramref name="max"/>.</summary>
    public static async Task<IReadOnlyList<Extension>> CheckAsync(OpbxDb db, IReadOnlyList<Guid> memberIds, int max, string field, CancellationToken ct)
    {
        if (memberIds.Distinct().Count() != memberIds.Count) throw new ValidationException(field, "An extension can be a member only once.");
        if (memberIds.Count > max) throw new ValidationException(field, $"At most {max} members.");
        var found = await db.Extensions.Where(x => memberIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        if (found.Count != memberIds.Count) throw new ValidationException(field, "Some of the members were not found in this organization.");
        return memberIds.Select(id => found[id]).ToList();
    }

    /// <summary>
    /// (New rows must be added to the context by <paramref name="create"/>: their ids are made in code, so EF would take a row
    /// it only finds in the collection for an existing one.)
    /// Makes <paramref name="current"/> hold exactly <paramref name="wanted"/> in that order: members that stay keep their row
    /// (only their position changes), so the audit log shows who joined and who left rather than everybody again.
    /// </summary>
    public static void Apply<TMember>(List<TMember> current, IReadOnlyList<Extension> wanted, Func<Extension, int, TMember> create, Action<TMember> remove)
        where TMember : IListMember
    {
        foreach (var gone in current.Where(m => wanted.All(x => x.Id != m.ExtensionId)).ToList())
        {
            current.Remove(gone);
            remove(gone);
        }
        for (var i = 0; i < wanted.Count; i++)
        {
            var existing = current.FirstOrDefault(m => m.ExtensionId == wanted[i].Id);
            if (existing is null)
            {
                var added = create(wanted[i], i);
                if (!current.Contains(added)) current.Add(added); // EF's fix-up may have put it there already
            }
            else existing.Position = i;
        }
    }

    /// <summary>
    /// The members of these lists in order, searched by the members' (organization, list, position) index for the lists named only, never
    /// by organization (which reads every member of it). With <paramref name="first"/>, only the first that many of each
    /// list are read and the rest are counted in SQL, so a page of queues of 1,000 members each reads a few rows per queue.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ListMembers>> ReadAsync(IQueryable<MemberEntry> entries, IReadOnlyCollection<Guid> lists,
        int? first, CancellationToken ct)
    {
        if (lists.Count == 0) return new Dictionary<Guid, ListMembers>();
        var named = entries.Where(e => lists.Contains(e.ListId));
        List<MemberEntry> rows;
        Dictionary<Guid, int>? counts = null;
        if (first is { } n)
        {
            counts = await named.GroupBy(e => e.ListId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            // Positions are 0, 1, 2… as saved, so the first few are a range of the index. A deleted extension leaves a gap
            // (its rows go with it): a list that comes up short is read on from there.
            rows = counts.Count == 0 ? [] : await named.Where(e => e.Position < n).ToListAsync(ct);
            var found = rows.CountBy(e => e.ListId).ToDictionary(x => x.Key, x => x.Value);
            var shortLists = counts.Where(c => found.GetValueOrDefault(c.Key) < Math.Min(n, c.Value)).Select(c => c.Key).ToList();
            if (shortLists.Count > 0) rows.AddRange(await entries.Where(e => shortLists.Contains(e.ListId) && e.Position >= n).ToListAsync(ct));
        }
        else rows = await named.ToListAsync(ct);
        return rows.GroupBy(e => e.ListId).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderBy(e => e.Position).Take(first ?? int.MaxValue).ToList();
            return new ListMembers(ordered.Select(e => e.ExtensionId).ToList(), ordered.Select(e => e.Number).ToList(),
                counts?.GetValueOrDefault(g.Key) ?? ordered.Count);
        });
    }

    /// <summary>The members of <paramref name="list"/> (all of them), or none.</summary>
    public static ListMembers Of(IReadOnlyDictionary<Guid, ListMembers> read, Guid list) => read.GetValueOrDefault(list) ?? ListMembers.None;
}
