using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The extensions a ring group or queue rings: checked against the current organization, applied as a change list, and
/// read by <see cref="MemberListReader{TList, TRow}"/>. The one piece both member lists use.
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

    /// <summary>The members of <paramref name="list"/> (all of them), or none.</summary>
    public static ListMembers Of(IReadOnlyDictionary<Guid, ListMembers> read, Guid list) => read.GetValueOrDefault(list) ?? ListMembers.None;
}
