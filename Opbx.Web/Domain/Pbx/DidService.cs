using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The numbers (DIDs) of the current organization, at most <c>max_dids</c>. Its admins add their own numbers on their own
/// trunks and route every number they hold; numbers from the provider's inventory come and go through <see cref="NumberInventory"/>.
/// </summary>
public sealed class DidService(OpbxDb db, Destinations destinations, AuditActor audit, TimeProvider clock)
{
    /// <summary>The same words whoever holds the number: another organization's number is not named.</summary>
    public const string Taken = "This number is already in use on the platform.";

    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    public async Task<IReadOnlyList<DidRow>> ListAsync(CancellationToken ct = default) =>
        await PageRows.Run(db, 0, int.MaxValue).ToListAsync(ct);

    /// <summary>
    /// One page by number (the organization's number index), only the page's rows read; counted only when the page does not
    /// tell the total. Compiled statements (see CompiledQuery).
    /// </summary>
    public async Task<Paged<DidRow>> PageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var rows = await PageRows.Run(db, (page - 1) * pageSize, pageSize).ToListAsync(ct);
        var total = PageReader.TotalShownBy(page, pageSize, rows.Count) ?? await db.Dids.CountAsync(ct);
        return new Paged<DidRow>(rows, total, page, pageSize);
    }

    public async Task<DidRow> GetAsync(Guid id, CancellationToken ct = default) =>
        await OneRow.Run(db, id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Number");

    /// <summary>Numbers held against the plan's limit, in one statement (the count names the organization itself: it is a subquery).</summary>
    public async Task<LimitUsage> UsageAsync(CancellationToken ct = default)
    {
        var id = OrganizationId;
        return await db.Organizations.Where(o => o.Id == id)
            .Select(o => new LimitUsage(db.Dids.Count(d => d.OrganizationId == id), o.MaxDids)).FirstAsync(ct);
    }

    // Only the columns a row shows (not the trunks' credentials): the trunk the tenant filter lets through, or none.
    private static readonly Expression<Func<Did, DidRow>> Row = d => new DidRow(d.Id, d.Number, d.TrunkId,
        d.Trunk == null ? null : d.Trunk.Name, d.Trunk == null || d.Trunk.OrganizationId == null, Destination.Of(d.DestinationKind, d.DestinationTargetId));

    private static readonly CompiledQuery<int, int, DidRow> PageRows = new((db, skip, take) =>
        db.Dids.OrderBy(d => d.Number).Skip(skip).Take(take).Select(Row));

    private static readonly CompiledQuery<Guid, DidRow> OneRow = new((db, id) => db.Dids.Where(d => d.Id == id).Select(Row));

    /// <summary>Adds one of the organization's own numbers, arriving on one of its own trunks (a shared trunk's numbers come from the inventory).</summary>
    public async Task<Did> CreateAsync(Actor actor, DidInput input, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        if (!E164.TryParse(input.Number, out var number)) throw new ValidationException(nameof(DidInput.Number), E164.Rule);
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == OrganizationId, ct);
        var trunk = await TrunkAsync(input.TrunkId, nameof(DidInput.TrunkId), ct);
        AccessRules.ManageNumber(actor, trunk is null || trunk.IsShared).ThrowIfDenied();
        if (await db.Dids.IgnoreQueryFilters().AnyAsync(d => d.Number == number.Value, ct)) throw new RuleViolationException(Verdict.Conflict(Taken));
        AccessRules.WithinLimit("numbers", organization.MaxDids, await db.Dids.CountAsync(ct)).ThrowIfDenied();
        var did = new Did
        {
            OrganizationId = organization.Id,
            Number = number.Value,
            TrunkId = trunk?.Id,
            Destination = await destinations.CheckAsync(input.Destination, organization, nameof(DidInput.Destination), ct: ct),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Dids.Add(did);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>Where the number rings (any admin of the holder), and the trunk it arrives on (see <see cref="AccessRules.ManageNumber"/>).</summary>
    public async Task<Did> UpdateAsync(Actor actor, Guid id, DidRouting input, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == OrganizationId, ct);
        var did = await db.Dids.Include(d => d.Trunk).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("Number");
        if (input.TrunkId != did.TrunkId)
        {
            var trunk = await TrunkAsync(input.TrunkId, nameof(DidRouting.TrunkId), ct);
            AccessRules.ManageNumber(actor, did.Trunk is null || did.Trunk.IsShared || trunk is null || trunk.IsShared).ThrowIfDenied();
            did.TrunkId = trunk?.Id;
        }
        did.Destination = await destinations.CheckAsync(input.Destination, organization, nameof(DidRouting.Destination), ct: ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>
    /// Removes one of the organization's own numbers. A number from the inventory goes back to it instead (platform managers
    /// only). Routes and emergency numbers that showed it as caller ID stop doing so.
    /// </summary>
    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var did = await db.Dids.Include(d => d.Trunk).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("Number");
        var platformNumber = did.Trunk is null || did.Trunk.IsShared;
        AccessRules.ManageNumber(actor, platformNumber).ThrowIfDenied();
        await NumberInventory.ForgetCallerIdAsync(db, id, ct);
        if (platformNumber)
        {
            using var _ = db.Tenant.AcrossOrganizations();
            NumberInventory.ToInventory(did);
            audit.Describe("did", "released");
            await db.SaveChangesAsync(ct);
        }
        else
        {
            db.Dids.Remove(did);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private async Task<Trunk?> TrunkAsync(Guid? id, string field, CancellationToken ct)
    {
        if (id is null) return null;
        // The organization sees its own trunks and the shared ones; another organization's trunk is not found.
        return await db.Trunks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new ValidationException(field, "That trunk was not found.");
    }
}
