using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The short numbers of the current organization: extensions, ring groups, queues and emergency numbers share one
/// number space, because a phone dials them all the same way. Feature codes start with <c>*</c> and these numbers are
/// digits only, so the two never meet. Call inside the writing transaction, so two saves cannot both take a number.
/// </summary>
public sealed class NumberPlan(OpbxDb db)
{
    /// <summary>What already uses <paramref name="number"/> (other than <paramref name="except"/>), as words for a message; null when free.</summary>
    public async Task<string?> UsedByAsync(string number, Guid? except, bool extensions = true, CancellationToken ct = default)
    {
        if (extensions && await db.Extensions.AnyAsync(x => x.Number == number && x.Id != except, ct)) return $"extension {number}";
        if (await db.RingGroups.AnyAsync(x => x.Number == number && x.Id != except, ct)) return $"ring group {number}";
        if (await db.Queues.AnyAsync(x => x.Number == number && x.Id != except, ct)) return $"queue {number}";
        if (await db.EmergencyNumbers.AnyAsync(x => x.Number == number && x.Id != except, ct)) return $"emergency number {number}";
        return null;
    }

    public async Task EnsureFreeAsync(string number, Guid? except, string field, bool extensions = true, CancellationToken ct = default)
    {
        if (await UsedByAsync(number, except, extensions, ct) is { } user)
            throw new ValidationException(field, $"{number} is already used by {user} in this organization.");
    }
}
