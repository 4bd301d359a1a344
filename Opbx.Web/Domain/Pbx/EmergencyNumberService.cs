using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>Emergency numbers of the current organization: dialled before suspension and the call limit are looked at.</summary>
public sealed class EmergencyNumberService(OpbxDb db, NumberPlan numbers, TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    public async Task<IReadOnlyList<EmergencyNumberRow>> ListAsync(CancellationToken ct = default) =>
        (await Numbers().AsNoTracking().OrderBy(n => n.Number).ToListAsync(ct)).Select(Row).ToList();

    public async Task<EmergencyNumberRow> GetAsync(Guid id, CancellationToken ct = default) =>
        Row(await Numbers().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException("Emergency number"));

    private IQueryable<EmergencyNumber> Numbers() =>
        db.EmergencyNumbers.Include(n => n.Trunks).ThenInclude(t => t.Trunk).Include(n => n.CallerIdDid).AsSplitQuery();

    private static EmergencyNumberRow Row(EmergencyNumber n)
    {
        var trunks = n.Trunks.OrderBy(t => t.Position).ToList();
        return new EmergencyNumberRow(n.Id, n.Number, n.CallerIdDidId, n.CallerIdDid?.Number, trunks.Select(t => t.TrunkId).ToList(),
            trunks.Select(t => t.Trunk!.Name).ToList());
    }

    public Task<EmergencyNumber> CreateAsync(Actor actor, EmergencyNumberInput input, CancellationToken ct = default) => SaveAsync(actor, null, input, ct);

    public Task<EmergencyNumber> UpdateAsync(Actor actor, Guid id, EmergencyNumberInput input, CancellationToken ct = default) =>
        SaveAsync(actor, id, input, ct);

    private async Task<EmergencyNumber> SaveAsync(Actor actor, Guid? id, EmergencyNumberInput input, CancellationToken ct)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        if (!ExtensionNumber.TryParse(input.Number, out var number)) throw new ValidationException(nameof(EmergencyNumberInput.Number), ExtensionNumber.Rule);
        if (input.CallerIdDidId is null)
            throw new ValidationException(nameof(EmergencyNumberInput.CallerIdDidId), "Choose the number emergency services see (one of the organization's numbers).");

        await using var tx = await db.BeginWriteAsync(ct);
        var emergency = id is null
            ? new EmergencyNumber { OrganizationId = OrganizationId, Number = number.Value, CreatedAt = clock.GetUtcNow() }
            : await db.EmergencyNumbers.Include(n => n.Trunks).ThenInclude(t => t.Trunk).FirstOrDefaultAsync(n => n.Id == id, ct)
              ?? throw new NotFoundException("Emergency number");
        if (id is null || emergency.Number != number.Value) await numbers.EnsureFreeAsync(number.Value, id, nameof(EmergencyNumberInput.Number), ct: ct);
        var trunks = await RouteTrunks.CheckAsync(db, input.TrunkIds, nameof(EmergencyNumberInput.TrunkIds), ct);
        emergency.CallerIdDidId = await RouteTrunks.CallerIdAsync(db, input.CallerIdDidId, nameof(EmergencyNumberInput.CallerIdDidId), ct);
        emergency.Number = number.Value;
        if (id is null) db.EmergencyNumbers.Add(emergency);
        foreach (var gone in emergency.Trunks.Where(t => trunks.All(x => x.Id != t.TrunkId)).ToList())
        {
            emergency.Trunks.Remove(gone);
            db.EmergencyNumberTrunks.Remove(gone);
        }
        for (var i = 0; i < trunks.Count; i++)
        {
            var row = emergency.Trunks.FirstOrDefault(t => t.TrunkId == trunks[i].Id);
            if (row is null)
                row = db.EmergencyNumberTrunks.Add(new EmergencyNumberTrunk { OrganizationId = emergency.OrganizationId, EmergencyNumber = emergency, Trunk = trunks[i] }).Entity;
            row.Position = i;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return emergency;
    }

    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var emergency = await db.EmergencyNumbers.Include(n => n.Trunks).ThenInclude(t => t.Trunk).FirstOrDefaultAsync(n => n.Id == id, ct)
                        ?? throw new NotFoundException("Emergency number");
        db.EmergencyNumbers.Remove(emergency);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
