using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Finds the current organization's extensions, ring groups and queues by number or name, a few at a time, for the forms'
/// pickers (an organization may have thousands of extensions: a form never lists them all), and turns a typed number back
/// into the id the services take. Every lookup is a search of the organization's (organization, number) index or a
/// limited walk of it; the tenant filter applies.
/// </summary>
public sealed class PbxDirectory(OpbxDb db)
{
    /// <summary>A place calls can go, as the pickers show it.</summary>
    public sealed record Target(DestinationKind Kind, Guid Id, string Number, string Name, bool Voicemail);

    /// <summary>At most <paramref name="limit"/> extensions whose number starts with, or whose name contains, <paramref name="search"/>; by number.</summary>
    public async Task<IReadOnlyList<Target>> ExtensionsAsync(string? search, int limit, CancellationToken ct = default)
    {
        var rows = db.Extensions.AsNoTracking();
        if (Patterns(search) is (string prefix, string containing))
            rows = rows.Where(x => EF.Functions.Like(x.Number, prefix, LikePattern.Escape) || EF.Functions.Like(x.DisplayName, containing, LikePattern.Escape)
                || EF.Functions.Like(x.Membership!.Account!.Name, containing, LikePattern.Escape));
        return await rows.OrderBy(x => x.Number.Length).ThenBy(x => x.Number).Take(limit)
            .Select(x => new Target(DestinationKind.Extension, x.Id, x.Number, x.DisplayName != "" ? x.DisplayName : x.Membership!.Account!.Name ?? "", x.VoicemailEnabled))
            .ToListAsync(ct);
    }

    /// <summary>At most <paramref name="limit"/> ring groups and as many queues matching <paramref name="search"/> (number prefix or name).</summary>
    public async Task<IReadOnlyList<Target>> GroupsAndQueuesAsync(string? search, int limit, CancellationToken ct = default) =>
    [
        .. await MatchingAsync(db.RingGroups, DestinationKind.RingGroup, search, limit, ct),
        .. await MatchingAsync(db.Queues, DestinationKind.Queue, search, limit, ct),
    ];

    /// <summary>At most <paramref name="limit"/> ring groups or queues whose number starts with, or whose name contains, <paramref name="search"/>; by number.</summary>
    private static async Task<List<Target>> MatchingAsync<TList>(IQueryable<TList> lists, DestinationKind kind, string? search, int limit, CancellationToken ct)
        where TList : class, IMemberList
    {
        lists = lists.AsNoTracking();
        if (Patterns(search) is (string prefix, string containing))
            lists = lists.Where(x => EF.Functions.Like(x.Number, prefix, LikePattern.Escape) || EF.Functions.Like(x.Name, containing, LikePattern.Escape));
        return await lists.OrderBy(x => x.Number.Length).ThenBy(x => x.Number).Take(limit)
            .Select(x => new Target(kind, x.Id, x.Number, x.Name, false)).ToListAsync(ct);
    }

    /// <summary>The extensions of the organization with these numbers (a number not there is missing from the answer).</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> ExtensionIdsAsync(IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
        numbers.Count == 0 ? new Dictionary<string, Guid>()
            : await db.Extensions.Where(x => numbers.Contains(x.Number)).ToDictionaryAsync(x => x.Number, x => x.Id, ct);

    /// <summary>
    /// What has <paramref name="number"/>: of the kind given, or (kind null) whichever of extension, ring group and queue has
    /// it — they share one number space (<see cref="NumberPlan"/>). Voicemail is an extension's box. Null when none has it.
    /// </summary>
    public async Task<Destination?> FindAsync(DestinationKind? kind, string number, CancellationToken ct = default)
    {
        if (kind is null or DestinationKind.Extension or DestinationKind.Voicemail
            && await db.Extensions.Where(x => x.Number == number).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct) is { } extension)
            return Destination.To(kind ?? DestinationKind.Extension, extension);
        if (kind is null or DestinationKind.RingGroup && await IdOfAsync(db.RingGroups, number, ct) is { } group)
            return Destination.To(DestinationKind.RingGroup, group);
        if (kind is null or DestinationKind.Queue && await IdOfAsync(db.Queues, number, ct) is { } queue)
            return Destination.To(DestinationKind.Queue, queue);
        return null;
    }

    private static Task<Guid?> IdOfAsync<TList>(IQueryable<TList> lists, string number, CancellationToken ct) where TList : class, IMemberList =>
        lists.Where(x => x.Number == number).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);

    /// <summary>A number starts with the search; a name contains it. None without a search (everything matches).</summary>
    private static (string Prefix, string Containing)? Patterns(string? search) =>
        string.IsNullOrWhiteSpace(search) ? null : (LikePattern.StartingWith(search), LikePattern.Containing(search));
}
