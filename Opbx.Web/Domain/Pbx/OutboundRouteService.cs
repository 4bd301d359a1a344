using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Outbound routes of the current organization: the only way a number dialled on a phone reaches a trunk. A pattern leads
/// to one route only; where patterns overlap, Asterisk takes the more specific one (an exact number before a pattern,
/// <c>_91XX</c> before <c>_9X.</c>).
/// </summary>
public sealed class OutboundRouteService(OpbxDb db, TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    public async Task<IReadOnlyList<OutboundRouteRow>> ListAsync(CancellationToken ct = default) =>
        (await Routes().AsNoTracking().OrderBy(r => r.Position).ToListAsync(ct)).Select(Row).ToList();

    public async Task<OutboundRouteRow> GetAsync(Guid id, CancellationToken ct = default) =>
        Row(await Routes().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Outbound route"));

    private IQueryable<OutboundRoute> Routes() => db.OutboundRoutes.Include(r => r.Patterns).Include(r => r.Trunks).ThenInclude(t => t.Trunk)
        .Include(r => r.CallerIdDid).AsSplitQuery();

    private static OutboundRouteRow Row(OutboundRoute r)
    {
        var trunks = r.Trunks.OrderBy(t => t.Position).ToList();
        return new OutboundRouteRow(r.Id, r.Name, r.Position,
            r.Patterns.OrderBy(p => p.Position).Select(p => new DialPatternInput(p.Pattern, p.Strip, p.Prepend)).ToList(),
            trunks.Select(t => t.TrunkId).ToList(), trunks.Select(t => t.Trunk!.Name).ToList(), r.CallerIdDidId, r.CallerIdDid?.Number);
    }

    public Task<OutboundRoute> CreateAsync(Actor actor, OutboundRouteInput input, CancellationToken ct = default) => SaveAsync(actor, null, input, ct);

    public Task<OutboundRoute> UpdateAsync(Actor actor, Guid id, OutboundRouteInput input, CancellationToken ct = default) => SaveAsync(actor, id, input, ct);

    private async Task<OutboundRoute> SaveAsync(Actor actor, Guid? id, OutboundRouteInput input, CancellationToken ct)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        var name = SingleLineText.Clean(input.Name, errors, nameof(OutboundRouteInput.Name));
        if (name.Length is < 1 or > 100) errors.Add(nameof(OutboundRouteInput.Name), "Enter a name of 1 to 100 characters.");
        var patterns = ValidatePatterns(input.Patterns, errors);
        errors.ThrowIfAny();

        await using var tx = await db.BeginWriteAsync(ct);
        var route = id is null
            ? new OutboundRoute
            {
                OrganizationId = OrganizationId,
                Name = name,
                Position = (await db.OutboundRoutes.MaxAsync(r => (int?)r.Position, ct) ?? -1) + 1,
                CreatedAt = clock.GetUtcNow(),
            }
            : await db.OutboundRoutes.Include(r => r.Patterns).Include(r => r.Trunks).ThenInclude(t => t.Trunk).AsSplitQuery()
                  .FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Outbound route");
        var values = patterns.Select(p => p.Pattern).ToList();
        var elsewhere = await db.OutboundRoutePatterns.Where(p => values.Contains(p.Pattern) && p.OutboundRouteId != route.Id)
            .Select(p => p.Pattern + " (route " + p.OutboundRoute!.Name + ")").ToListAsync(ct);
        if (elsewhere.Count > 0)
            throw new ValidationException(nameof(OutboundRouteInput.Patterns), "Already in another route: " + string.Join(", ", elsewhere) + ".");
        var trunks = await RouteTrunks.CheckAsync(db, input.TrunkIds, nameof(OutboundRouteInput.TrunkIds), ct);
        route.CallerIdDidId = await RouteTrunks.CallerIdAsync(db, input.CallerIdDidId, nameof(OutboundRouteInput.CallerIdDidId), ct);
        route.Name = name;
        if (id is null) db.OutboundRoutes.Add(route);

        // Rows that stay keep their identity (the audit log shows what was added and removed, not everything again).
        foreach (var gone in route.Patterns.Where(p => !values.Contains(p.Pattern)).ToList())
        {
            route.Patterns.Remove(gone);
            db.OutboundRoutePatterns.Remove(gone);
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            var row = route.Patterns.FirstOrDefault(p => p.Pattern == patterns[i].Pattern);
            if (row is null) row = db.OutboundRoutePatterns.Add(new OutboundRoutePattern { OrganizationId = route.OrganizationId, OutboundRoute = route, Pattern = patterns[i].Pattern }).Entity;
            row.Strip = patterns[i].Strip;
            row.Prepend = patterns[i].Prepend;
            row.Position = i;
        }
        foreach (var gone in route.Trunks.Where(t => trunks.All(x => x.Id != t.TrunkId)).ToList())
        {
            route.Trunks.Remove(gone);
            db.OutboundRouteTrunks.Remove(gone);
        }
        for (var i = 0; i < trunks.Count; i++)
        {
            var row = route.Trunks.FirstOrDefault(t => t.TrunkId == trunks[i].Id);
            if (row is null) row = db.OutboundRouteTrunks.Add(new OutboundRouteTrunk { OrganizationId = route.OrganizationId, OutboundRoute = route, Trunk = trunks[i] }).Entity;
            row.Position = i;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return route;
    }

    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var route = await db.OutboundRoutes.Include(r => r.Patterns).Include(r => r.Trunks).ThenInclude(t => t.Trunk).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Outbound route");
        db.OutboundRoutes.Remove(route);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed record ValidPattern(string Pattern, int Strip, string Prepend);

    private static List<ValidPattern> ValidatePatterns(IReadOnlyList<DialPatternInput> input, FieldErrors errors)
    {
        const string field = nameof(OutboundRouteInput.Patterns);
        var result = new List<ValidPattern>();
        if (input.Count == 0) errors.Add(field, "Add at least one dial pattern.");
        if (input.Count > 50) errors.Add(field, "At most 50 dial patterns per route.");
        foreach (var p in input)
        {
            if (!DialPattern.TryParse(p.Pattern, out var pattern))
            {
                errors.Add(field, $"\"{p.Pattern}\": {DialPattern.Rule}");
                continue;
            }
            if (p.Strip < 0 || p.Strip > pattern.FixedLength)
                errors.Add(field, $"{pattern}: strip 0 to {pattern.FixedLength} digits (what every number the pattern matches starts with).");
            var prepend = p.Prepend?.Trim() ?? "";
            if (!IsPrepend(prepend)) errors.Add(field, $"{pattern}: prepend digits only, optionally starting with +, at most 15.");
            if (result.Any(r => r.Pattern == pattern.Value)) errors.Add(field, $"{pattern} is listed twice.");
            else result.Add(new ValidPattern(pattern.Value, p.Strip, prepend));
        }
        return result;
    }

    /// <summary>Digits, optionally led by + (alone, it turns 00… into +…): what goes in front of the dialled number at the trunk.</summary>
    public static bool IsPrepend(string prepend) =>
        prepend.Length <= 16 && (prepend.StartsWith('+') ? prepend[1..] : prepend).All(char.IsAsciiDigit);
}
