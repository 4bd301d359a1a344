using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>The trunks a route or an emergency number dials over, and its caller ID: both must be the organization's to use.</summary>
public static class RouteTrunks
{
    /// <summary>Distinct trunks the organization may use (its own and the shared ones; another organization's is not found), in order.</summary>
    public static async Task<IReadOnlyList<Trunk>> CheckAsync(OpbxDb db, IReadOnlyList<Guid> trunkIds, string field, CancellationToken ct)
    {
        if (trunkIds.Count == 0) throw new ValidationException(field, "Choose at least one trunk.");
        if (trunkIds.Count > 10) throw new ValidationException(field, "At most 10 trunks.");
        if (trunkIds.Distinct().Count() != trunkIds.Count) throw new ValidationException(field, "A trunk can be chosen only once.");
        var found = await db.Trunks.Where(t => trunkIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        if (found.Count != trunkIds.Count) throw new ValidationException(field, "Some of the trunks were not found.");
        return trunkIds.Select(id => found[id]).ToList();
    }

    /// <summary>One of the organization's own numbers (numbers are visible only to their holder), or none.</summary>
    public static async Task<Guid?> CallerIdAsync(OpbxDb db, Guid? didId, string field, CancellationToken ct)
    {
        if (didId is null) return null;
        return await db.Dids.AnyAsync(d => d.Id == didId, ct) ? didId
            : throw new ValidationException(field, "The caller ID must be one of the organization's own numbers.");
    }
}
