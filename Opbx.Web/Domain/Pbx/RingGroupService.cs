using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>Ring groups of the current organization: the one door for the pages and the API.</summary>
public sealed class RingGroupService(OpbxDb db, NumberPlan numbers, Destinations destinations, TimeProvider clock)
{
    /// <summary>Every member is in one Dial line of the dialplan; Asterisk reads at most 8,192 characters per line.</summary>
    public const int MaxMembers = 100;

    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    /// <summary>Number and name of these ids of the organization (for the words a list shows for a destination).</summary>
    public Task<IReadOnlyDictionary<Guid, (string Number, string Name)>> NamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        Reader.NamesAsync(db, ids, ct);

    /// <summary>One page of ring groups by number, with all members or (<paramref name="membersShown"/>) the first few and the count.</summary>
    public Task<Paged<RingGroupRow>> PageAsync(int page, int pageSize, int? membersShown = null, CancellationToken ct = default) =>
        Reader.PageAsync(db, page, pageSize, membersShown, ct);

    /// <summary>Every ring group with all its members (the demo seed; pages and the API page).</summary>
    public Task<IReadOnlyList<RingGroupRow>> ListAsync(CancellationToken ct = default) => Reader.ListAsync(db, ct);

    public async Task<RingGroupRow> GetAsync(Guid id, CancellationToken ct = default) =>
        await Reader.FindAsync(db, id, ct) ?? throw new NotFoundException("Ring group");

    /// <summary>The ring groups with their members (the tenant filter applies to both tables).</summary>
    private static readonly MemberListReader<RingGroup, RingGroupRow> Reader = new(db => db.RingGroupMembers.Select(m => new MemberEntry
        { ListId = m.RingGroupId, ExtensionId = m.ExtensionId, Number = m.Extension!.Number, Position = m.Position }), Row);

    private static RingGroupRow Row(RingGroup g, ListMembers members) =>
        new(g.Id, g.Number, g.Name, g.Strategy, g.RingSeconds, members.Ids, members.Numbers, g.Fallback, members.Count);

    public Task<RingGroup> CreateAsync(Actor actor, RingGroupInput input, CancellationToken ct = default) => SaveAsync(actor, null, input, ct);

    public Task<RingGroup> UpdateAsync(Actor actor, Guid id, RingGroupInput input, CancellationToken ct = default) => SaveAsync(actor, id, input, ct);

    private async Task<RingGroup> SaveAsync(Actor actor, Guid? id, RingGroupInput input, CancellationToken ct)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        if (!ExtensionNumber.TryParse(input.Number, out var number)) errors.Add(nameof(RingGroupInput.Number), ExtensionNumber.Rule);
        var name = SingleLineText.Clean(input.Name, errors, nameof(RingGroupInput.Name));
        if (name.Length is < 1 or > 100) errors.Add(nameof(RingGroupInput.Name), "Enter a name of 1 to 100 characters.");
        if (!Names.TryParseRingGroupStrategy(input.Strategy, out var strategy))
            errors.Add(nameof(RingGroupInput.Strategy), "Choose a strategy: simultaneous, sequential or round_robin.");
        errors.Range(nameof(RingGroupInput.RingSeconds), input.RingSeconds, 5, 300, "seconds");
        errors.ThrowIfAny();

        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == OrganizationId, ct);
        var group = id is null
            ? new RingGroup { OrganizationId = organization.Id, Number = number.Value, CreatedAt = clock.GetUtcNow() }
            : await db.RingGroups.Include(g => g.Members).ThenInclude(m => m.Extension).FirstOrDefaultAsync(g => g.Id == id, ct)
              ?? throw new NotFoundException("Ring group");
        if (id is null || group.Number != number.Value) await numbers.EnsureFreeAsync(number.Value, id, nameof(RingGroupInput.Number), ct: ct);
        var members = await MemberList.CheckAsync(db, input.MemberIds, MaxMembers, nameof(RingGroupInput.MemberIds), ct);
        var fallback = await destinations.CheckAsync(input.Fallback, organization, nameof(RingGroupInput.Fallback), group.Id, ct);

        group.Number = number.Value;
        group.Name = name;
        group.Strategy = strategy;
        group.RingSeconds = input.RingSeconds;
        group.Fallback = fallback;
        if (id is null) db.RingGroups.Add(group);
        MemberList.Apply(group.Members, members,
            (extension, p) => db.RingGroupMembers.Add(new RingGroupMember { OrganizationId = group.OrganizationId, RingGroup = group, Extension = extension, Position = p }).Entity,
            m => db.RingGroupMembers.Remove(m));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return group;
    }

    /// <summary>Deletes the group; numbers and fallbacks that sent calls to it hang up instead. Returns what pointed at it.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var group = await db.RingGroups.Include(g => g.Members).ThenInclude(m => m.Extension).FirstOrDefaultAsync(g => g.Id == id, ct)
                    ?? throw new NotFoundException("Ring group");
        var cleared = await destinations.ClearAsync(id, [DestinationKind.RingGroup], ct);
        db.RingGroups.Remove(group);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return cleared;
    }
}
