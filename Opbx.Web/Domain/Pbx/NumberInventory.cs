using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Every number on the platform, for platform managers: the provider's inventory (numbers no organization holds), assigning
/// a number to an organization (within its <c>max_dids</c>), moving it to another and releasing it back. Works across
/// organizations, explicitly.
/// </summary>
public sealed class NumberInventory(OpbxDb db, AuditActor audit, TimeProvider clock)
{
    public async Task<Paged<InventoryRow>> ListAsync(Actor actor, string? search = null, Guid? organizationId = null, bool onlyFree = false,
        int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        var query = db.Dids.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(d => EF.Functions.Like(d.Number, LikePattern.Containing(search), LikePattern.Escape));
        if (organizationId is { } org) query = query.Where(d => d.OrganizationId == org);
        if (onlyFree) query = query.Where(d => d.OrganizationId == null);
        var total = await query.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Paged<InventoryRow>.PageWithin(page, pageSize);
        var rows = await Rows(query.OrderBy(d => d.Number).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new Paged<InventoryRow>(rows, total, page, pageSize);
    }

    /// <summary>One number on the platform, with its holder and trunk.</summary>
    public async Task<InventoryRow> GetAsync(Actor actor, Guid didId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        return await Rows(db.Dids.AsNoTracking().Where(d => d.Id == didId)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Number");
    }

    private IQueryable<InventoryRow> Rows(IQueryable<Did> query) => query.Select(d => new InventoryRow(d.Id, d.Number, d.OrganizationId,
        db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Name).FirstOrDefault(),
        d.TrunkId, d.Trunk!.Name, d.Trunk != null && d.Trunk.OrganizationId == null, d.DestinationKind));

    /// <summary>Adds a number to the inventory, arriving on a shared trunk (or none yet).</summary>
    public async Task<Did> AddAsync(Actor actor, string? number, Guid? sharedTrunkId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        if (!E164.TryParse(number, out var e164)) throw new ValidationException("Number", E164.Rule);
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        if (sharedTrunkId is { } trunkId && !await db.Trunks.AnyAsync(t => t.Id == trunkId && t.OrganizationId == null, ct))
            throw new ValidationException("TrunkId", "Choose a shared trunk.");
        if (await db.Dids.AnyAsync(d => d.Number == e164.Value, ct)) throw new RuleViolationException(Verdict.Conflict(DidService.Taken));
        var did = new Did { Number = e164.Value, TrunkId = sharedTrunkId, Destination = Destination.Hangup, CreatedAt = clock.GetUtcNow() };
        db.Dids.Add(did);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>
    /// Gives a number to an organization: from the inventory (assigned) or from another organization (moved). It arrives
    /// hung up until the new holder routes it; the old holder's routes stop showing it as caller ID.
    /// </summary>
    public async Task<Did> AssignAsync(Actor actor, Guid didId, Guid organizationId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var did = await db.Dids.Include(d => d.Trunk).FirstOrDefaultAsync(d => d.Id == didId, ct) ?? throw new NotFoundException("Number");
        if (did.OrganizationId == organizationId) return did;
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct) ?? throw new NotFoundException("Organization");
        AccessRules.WithinLimit("numbers", organization.MaxDids, await db.Dids.CountAsync(d => d.OrganizationId == organizationId, ct)).ThrowIfDenied();
        var moved = did.OrganizationId is not null;
        if (moved)
        {
            await ForgetCallerIdAsync(db, did.Id, ct);
            ToInventory(did);
        }
        did.OrganizationId = organizationId;
        audit.Describe("did", moved ? "moved" : "assigned");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>Takes a number back from its organization into the inventory.</summary>
    public async Task<Did> ReleaseAsync(Actor actor, Guid didId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var did = await db.Dids.Include(d => d.Trunk).FirstOrDefaultAsync(d => d.Id == didId, ct) ?? throw new NotFoundException("Number");
        if (did.OrganizationId is null) return did;
        await ForgetCallerIdAsync(db, did.Id, ct);
        ToInventory(did);
        audit.Describe("did", "released");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>Which trunk a number arrives on: a shared trunk, the holding organization's own trunk, or none.</summary>
    public async Task<Did> SetTrunkAsync(Actor actor, Guid didId, Guid? trunkId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var did = await db.Dids.FirstOrDefaultAsync(d => d.Id == didId, ct) ?? throw new NotFoundException("Number");
        if (trunkId is { } id && !await db.Trunks.AnyAsync(t => t.Id == id && (t.OrganizationId == null || t.OrganizationId == did.OrganizationId), ct))
            throw new ValidationException("TrunkId", "Choose a shared trunk or one of the holding organization's own trunks.");
        did.TrunkId = trunkId;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return did;
    }

    /// <summary>Removes a number from the platform altogether.</summary>
    public async Task RemoveAsync(Actor actor, Guid didId, CancellationToken ct = default)
    {
        AccessRules.ManageNumberInventory(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var did = await db.Dids.FirstOrDefaultAsync(d => d.Id == didId, ct) ?? throw new NotFoundException("Number");
        await ForgetCallerIdAsync(db, did.Id, ct);
        db.Dids.Remove(did);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Before a number leaves an organization: no route or emergency number of it keeps showing the number as caller ID
    /// (it would present a number the organization no longer holds).
    /// </summary>
    internal static async Task ForgetCallerIdAsync(OpbxDb db, Guid didId, CancellationToken ct)
    {
        foreach (var route in await db.OutboundRoutes.Where(r => r.CallerIdDidId == didId).ToListAsync(ct)) route.CallerIdDidId = null;
        foreach (var emergency in await db.EmergencyNumbers.Where(e => e.CallerIdDidId == didId).ToListAsync(ct)) emergency.CallerIdDidId = null;
    }

    /// <summary>Back to the inventory: no holder, hung up, and off the former holder's own trunk.</summary>
    internal static void ToInventory(Did did)
    {
        did.OrganizationId = null;
        did.Destination = Destination.Hangup;
        if (did.Trunk is { IsShared: false })
        {
            did.Trunk = null;
            did.TrunkId = null;
        }
    }
}
