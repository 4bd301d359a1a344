using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Checks destinations against the current organization: the target exists there (another organization's id is simply
/// not found), a voicemail destination needs the voicemail feature and a box, and fallbacks never send calls round in a circle.
/// </summary>
public sealed class Destinations(OpbxDb db)
{
    public const string KindRule = "Choose a destination: hangup, extension, ring_group, queue or voicemail.";

    /// <summary>The checked destination; <paramref name="self"/> is the ring group or queue whose fallback this is (loops are refused).</summary>
    public async Task<Destination> CheckAsync(DestinationInput? input, Organization organization, string field, Guid? self = null,
        CancellationToken ct = default)
    {
        if (input is null) return Destination.Hangup;
        if (!Names.TryParseDestinationKind(input.Kind, out var kind)) throw new ValidationException(field, KindRule);
        if (kind == DestinationKind.Hangup) return Destination.Hangup;
        if (input.TargetId is not { } id) throw new ValidationException(field, "Choose which one the calls go to.");

        var exists = kind switch
        {
            DestinationKind.Extension => await db.Extensions.AnyAsync(x => x.Id == id, ct),
            DestinationKind.RingGroup => await db.RingGroups.AnyAsync(x => x.Id == id, ct),
            DestinationKind.Queue => await db.Queues.AnyAsync(x => x.Id == id, ct),
            _ => await db.Extensions.AnyAsync(x => x.Id == id, ct),
        };
        if (!exists) throw new ValidationException(field, $"That {Names.Of(kind).Replace('_', ' ')} was not found in this organization.");
        if (kind == DestinationKind.Voicemail)
        {
            if (!organization.Voicemail) throw new ValidationException(field, "Voicemail is switched off for this organization.");
            if (!await db.Extensions.AnyAsync(x => x.Id == id && x.VoicemailEnabled, ct))
                throw new ValidationException(field, "That extension has no voicemail box.");
        }
        var destination = Destination.To(kind, id);
        if (self is { } start && await LeadsBackAsync(start, destination, ct))
            throw new ValidationException(field, "This fallback would send calls round in a circle; choose another destination.");
        return destination;
    }

    /// <summary>Follows fallbacks from <paramref name="first"/> through ring groups and queues: does the chain come back to <paramref name="self"/>?</summary>
    private async Task<bool> LeadsBackAsync(Guid self, Destination first, CancellationToken ct)
    {
        var fallbacks = (await db.RingGroups.Select(g => new { g.Id, g.FallbackKind, g.FallbackTargetId }).ToListAsync(ct))
            .Concat(await db.Queues.Select(q => new { q.Id, q.FallbackKind, q.FallbackTargetId }).ToListAsync(ct))
            .ToDictionary(x => x.Id, x => Destination.Of(x.FallbackKind, x.FallbackTargetId));
        var seen = new HashSet<Guid>();
        var next = first;
        while (next.Kind is DestinationKind.RingGroup or DestinationKind.Queue && next.TargetId is { } id)
        {
            if (id == self) return true;
            if (!seen.Add(id) || !fallbacks.TryGetValue(id, out next)) return false;
        }
        return false;
    }

    /// <summary>Destinations pointing at a removed target become hang-ups; returns what they were, for the report.</summary>
    public async Task<IReadOnlyList<string>> ClearAsync(Guid targetId, IReadOnlyCollection<DestinationKind> kinds, CancellationToken ct)
    {
        var cleared = new List<string>();
        foreach (var did in await db.Dids.Where(d => d.DestinationTargetId == targetId && kinds.Contains(d.DestinationKind)).ToListAsync(ct))
        {
            did.Destination = Destination.Hangup;
            cleared.Add($"number {did.Number}");
        }
        foreach (var group in await db.RingGroups.Where(g => g.FallbackTargetId == targetId && kinds.Contains(g.FallbackKind)).ToListAsync(ct))
        {
            group.Fallback = Destination.Hangup;
            cleared.Add($"fallback of ring group {group.Number}");
        }
        foreach (var queue in await db.Queues.Where(q => q.FallbackTargetId == targetId && kinds.Contains(q.FallbackKind)).ToListAsync(ct))
        {
            queue.Fallback = Destination.Hangup;
            cleared.Add($"fallback of queue {queue.Number}");
        }
        return cleared;
    }

    /// <summary>Where calls are sent to <paramref name="targetId"/> (numbers and fallbacks), without changing anything.</summary>
    public async Task<IReadOnlyList<string>> PointingAtAsync(Guid targetId, CancellationToken ct) =>
        (await db.Dids.Where(d => d.DestinationTargetId == targetId && d.DestinationKind != DestinationKind.Hangup).Select(d => "number " + d.Number).ToListAsync(ct))
        .Concat(await db.RingGroups.Where(g => g.FallbackTargetId == targetId && g.FallbackKind != DestinationKind.Hangup)
            .Select(g => "fallback of ring group " + g.Number).ToListAsync(ct))
        .Concat(await db.Queues.Where(q => q.FallbackTargetId == targetId && q.FallbackKind != DestinationKind.Hangup)
            .Select(q => "fallback of queue " + q.Number).ToListAsync(ct))
        .ToList();
}
