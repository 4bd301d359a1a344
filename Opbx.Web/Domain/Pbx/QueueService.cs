using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>Queues of the current organization (at most <c>max_queues</c>): the one door for the pages and the API.</summary>
public sealed class QueueService(OpbxDb db, NumberPlan numbers, Destinations destinations, TimeProvider clock)
{
    /// <summary>A queue with more members than this is better split; app_queue rings them all for ringall.</summary>
    public const int MaxMembers = 1_000;

    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    /// <summary>Number and name of these ids of the organization (for the words a list shows for a destination).</summary>
    public Task<IReadOnlyDictionary<Guid, (string Number, string Name)>> NamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        Reader.NamesAsync(db, ids, ct);

    /// <summary>One page of queues by number, with all members or (<paramref name="membersShown"/>) the first few and the count.</summary>
    public Task<Paged<QueueRow>> PageAsync(int page, int pageSize, int? membersShown = null, CancellationToken ct = default) =>
        Reader.PageAsync(db, page, pageSize, membersShown, ct);

    /// <summary>Every queue with all its members (the demo seed; pages and the API page).</summary>
    public Task<IReadOnlyList<QueueRow>> ListAsync(CancellationToken ct = default) => Reader.ListAsync(db, ct);

    public async Task<QueueRow> GetAsync(Guid id, CancellationToken ct = default) =>
        await Reader.FindAsync(db, id, ct) ?? throw new NotFoundException("Queue");

    /// <summary>The queues with their members (the tenant filter applies to both tables).</summary>
    private static readonly MemberListReader<Queue, QueueRow> Reader = new(db => db.QueueMembers.Select(m => new MemberEntry
        { ListId = m.QueueId, ExtensionId = m.ExtensionId, Number = m.Extension!.Number, Position = m.Position }), Row);

    private static QueueRow Row(Queue q, ListMembers members) =>
        new(q.Id, q.Number, q.Name, q.Strategy, q.MemberTimeoutSeconds, q.MaxWaitSeconds, members.Ids, members.Numbers, q.Fallback, members.Count);

    public Task<Queue> CreateAsync(Actor actor, QueueInput input, CancellationToken ct = default) => SaveAsync(actor, null, input, ct);

    public Task<Queue> UpdateAsync(Actor actor, Guid id, QueueInput input, CancellationToken ct = default) => SaveAsync(actor, id, input, ct);

    private async Task<Queue> SaveAsync(Actor actor, Guid? id, QueueInput input, CancellationToken ct)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        if (!ExtensionNumber.TryParse(input.Number, out var number)) errors.Add(nameof(QueueInput.Number), ExtensionNumber.Rule);
        var name = SingleLineText.Clean(input.Name, errors, nameof(QueueInput.Name));
        if (name.Length is < 1 or > 100) errors.Add(nameof(QueueInput.Name), "Enter a name of 1 to 100 characters.");
        if (!Names.TryParseQueueStrategy(input.Strategy, out var strategy))
            errors.Add(nameof(QueueInput.Strategy), "Choose a strategy: ringall, leastrecent, fewestcalls, random, rrmemory or linear.");
        errors.Range(nameof(QueueInput.MemberTimeoutSeconds), input.MemberTimeoutSeconds, 5, 300, "seconds");
        errors.Range(nameof(QueueInput.MaxWaitSeconds), input.MaxWaitSeconds, 10, 86_400, "seconds");
        errors.ThrowIfAny();

        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == OrganizationId, ct);
        if (id is null) AccessRules.WithinLimit("queues", organization.MaxQueues, await db.Queues.CountAsync(ct)).ThrowIfDenied();
        var queue = id is null
            ? new Queue { OrganizationId = organization.Id, Number = number.Value, CreatedAt = clock.GetUtcNow() }
            : await db.Queues.Include(q => q.Members).ThenInclude(m => m.Extension).FirstOrDefaultAsync(q => q.Id == id, ct)
              ?? throw new NotFoundException("Queue");
        if (id is null || queue.Number != number.Value) await numbers.EnsureFreeAsync(number.Value, id, nameof(QueueInput.Number), ct: ct);
        var members = await MemberList.CheckAsync(db, input.MemberIds, MaxMembers, nameof(QueueInput.MemberIds), ct);
        var fallback = await destinations.CheckAsync(input.Fallback, organization, nameof(QueueInput.Fallback), queue.Id, ct);

        queue.Number = number.Value;
        queue.Name = name;
        queue.Strategy = strategy;
        queue.MemberTimeoutSeconds = input.MemberTimeoutSeconds;
        queue.MaxWaitSeconds = input.MaxWaitSeconds;
        queue.Fallback = fallback;
        if (id is null) db.Queues.Add(queue);
        MemberList.Apply(queue.Members, members,
            (extension, p) => db.QueueMembers.Add(new QueueMember { OrganizationId = queue.OrganizationId, Queue = queue, Extension = extension, Position = p }).Entity,
            m => db.QueueMembers.Remove(m));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return queue;
    }

    /// <summary>Deletes the queue; numbers and fallbacks that sent calls to it hang up instead. Returns what pointed at it.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var queue = await db.Queues.Include(q => q.Members).ThenInclude(m => m.Extension).FirstOrDefaultAsync(q => q.Id == id, ct)
                    ?? throw new NotFoundException("Queue");
        var cleared = await destinations.ClearAsync(id, [DestinationKind.Queue], ct);
        db.Queues.Remove(queue);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return cleared;
    }
}
