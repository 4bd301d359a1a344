using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Access;
using Opbx.Domain.Audit;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Organizations;

/// <summary>Platform managers' operations on organizations (SPEC §3). Works across organizations, explicitly.</summary>
public sealed partial class OrganizationService(
    OpbxDb db, UserManager<Account> users, ApiKeyService apiKeys, Invitations invitations, OrganizationFiles files,
    AuditActor audit, TimeProvider clock)
{
    public async Task<Paged<OrganizationRow>> ListAsync(OrganizationListQuery q, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var query = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim();
            query = Guid.TryParse(s, out var id)
                ? query.Where(o => o.Id == id)
                : query.Where(o => EF.Functions.Like(o.Name, LikePattern.Containing(s), LikePattern.Escape)
                    || EF.Functions.Like(o.Slug, LikePattern.Containing(s), LikePattern.Escape));
        }
        if (q.Status is { } status) query = query.Where(o => o.Status == status);
        var total = await query.CountAsync(ct);

        query = (q.Sort, q.Descending) switch
        {
            ("name", false) => query.OrderBy(o => o.Name),
            ("name", true) => query.OrderByDescending(o => o.Name),
            ("status", false) => query.OrderBy(o => o.Status).ThenBy(o => o.Name),
            ("status", true) => query.OrderByDescending(o => o.Status).ThenBy(o => o.Name),
            ("users", false) => query.OrderBy(o => EF.Property<int>(o, OpbxDb.ActiveMemberCountColumn)).ThenBy(o => o.Name),
            ("users", true) => query.OrderByDescending(o => EF.Property<int>(o, OpbxDb.ActiveMemberCountColumn)).ThenBy(o => o.Name),
            (_, false) => query.OrderBy(o => o.CreatedAt),
            _ => query.OrderByDescending(o => o.CreatedAt),
        };
        var size = Math.Clamp(q.PageSize, 1, 200);
        var page = Paged<OrganizationRow>.PageWithin(q.Page, size);
        var rows = await PageReader.ReadAsync(query.Select(o => o.Id), ids => RowsOf.Run(db, ids), r => r.Id, page, size, ct);
        return new Paged<OrganizationRow>(rows, total, page, size);
    }

    /// <summary>One organization as the lists show it (owner, counters, seats); the one way to get it, not a search by id.</summary>
    /// <summary>Every organization's id and name, by name (a choice of organization).</summary>
    public async Task<List<(Guid Id, string Name)>> NamesAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
    }

    public async Task<OrganizationRow> GetRowAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await Rows(db.Organizations.AsNoTracking().Where(o => o.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Organization");
    }

    private static readonly Expression<Func<Organization, OrganizationRow>> Row = o => new OrganizationRow(o.Id, o.Name, o.Slug, o.Industry,
        o.Status, o.CreatedAt,
        o.Memberships.Where(m => m.Role == OrgRole.Owner).OrderBy(m => m.CreatedAt).Select(m => m.Account!.Name).FirstOrDefault(),
        o.Memberships.Where(m => m.Role == OrgRole.Owner).OrderBy(m => m.CreatedAt).Select(m => m.Account!.Email).FirstOrDefault(),
        EF.Property<int>(o, OpbxDb.MemberCountColumn),
        EF.Property<int>(o, OpbxDb.ActiveMemberCountColumn),
        o.MaxUsers,
        EF.Property<int>(o, OpbxDb.ExtensionCountColumn));

    private static readonly CompiledQuery<List<Guid>, OrganizationRow> RowsOf = new((db, ids) =>
        db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(Row));

    private static IQueryable<OrganizationRow> Rows(IQueryable<Organization> organizations) => organizations.Select(Row);

    public async Task<Organization> GetAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Organization");
    }

    /// <summary>The organizations of one page of a list, read in one query (not one per row), by id; read only.</summary>
    public async Task<IReadOnlyDictionary<Guid, Organization>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
    }

    public async Task<CreatedOrganization> CreateAsync(Actor actor, OrganizationSettings settings, string ownerName, string ownerEmail,
        CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        var errors = Check(settings, ownerName, ownerEmail);
        if (errors.Count > 0) throw new ValidationException(errors);
        ownerEmail = ownerEmail.Trim();
        ownerName = SingleLineText.Normalize(ownerName);

        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        await EnsureNameFreeAsync(settings.Name, null, ct);
        var organization = new Organization { Name = SingleLineText.Normalize(settings.Name), Slug = await FreeSlugAsync(settings.Name, ct), CreatedAt = clock.GetUtcNow() };
        settings.ApplyTo(organization);
        db.Organizations.Add(organization);

        var owner = await users.FindByEmailAsync(ownerEmail);
        if (owner is null)
        {
            owner = new Account { Name = ownerName, Email = ownerEmail, UserName = ownerEmail, EmailConfirmed = true, CreatedAt = clock.GetUtcNow(), DefaultOrganizationId = organization.Id };
            var created = await users.CreateAsync(owner);
            if (!created.Succeeded) throw new ValidationException("OwnerEmail", string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var membership = new Membership
        {
            OrganizationId = organization.Id,
            Organization = organization,
            AccountId = owner.Id,
            Account = owner,
            Role = OrgRole.Owner,
            CreatedAt = clock.GetUtcNow(),
        };
        invitations.Stamp(membership, owner);
        db.Memberships.Add(membership);
        var key = await apiKeys.AddAsync(organization, "Default key", ApiKeyService.AllScopes, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await invitations.SendAsync(membership, ct);
        return new CreatedOrganization(organization, owner, key.Key.KeyId, key.Secret);
    }

    /// <summary>Every problem with a new organization and its owner, by field (empty when it can be created), so a form or API lists them all at once.</summary>
    public static Dictionary<string, string[]> Check(OrganizationSettings settings, string? ownerName, string? ownerEmail)
    {
        var errors = settings.Validate();
        var ownerNameProblem = SingleLineText.Problem(ownerName);
        if (ownerNameProblem is not null) errors["OwnerName"] = [ownerNameProblem];
        else if (SingleLineText.Normalize(ownerName).Length is < 1 or > 100) errors["OwnerName"] = ["Enter the owner's name (at most 100 characters)."];
        if (!EmailAddress.IsValid(ownerEmail?.Trim())) errors["OwnerEmail"] = ["Enter the owner's email address, like owner@example.com."];
        return errors;
    }

    public async Task<Organization> UpdateAsync(Actor actor, Guid id, OrganizationSettings settings, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ValidationException(errors);
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Organization");
        await EnsureNameFreeAsync(settings.Name, id, ct);
        settings.ApplyTo(organization);
        // A raised limit, or a hard limit made advisory, unblocks with this save (and its deploy); a lowered one blocks.
        await Usage.UsageService.ApplyHardLimitsAsync(db, organization, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }

    public Task<Organization> SuspendAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        SetStatusAsync(actor, id, OrganizationStatus.Suspended, "suspended", ct);

    public Task<Organization> ReactivateAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        SetStatusAsync(actor, id, OrganizationStatus.Active, "reactivated", ct);

    private async Task<Organization> SetStatusAsync(Actor actor, Guid id, OrganizationStatus status, string verb, CancellationToken ct)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Organization");
        if (organization.Status == status) return organization;
        organization.Status = status;
        audit.Describe("organization", verb);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }

    public async Task<DeletionPreview> PreviewDeletionAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Organization");
        var orphans = await OrphanedAccounts(id).CountAsync(ct);
        return new DeletionPreview(organization,
            await db.Memberships.CountAsync(m => m.OrganizationId == id, ct),
            await db.Extensions.CountAsync(e => e.OrganizationId == id, ct),
            await db.Dids.CountAsync(d => d.OrganizationId == id, ct),
            await db.CallRecords.CountAsync(c => c.OrganizationId == id, ct),
            files.CountRecordings(organization.Slug),
            await db.ApiKeys.CountAsync(k => k.OrganizationId == id, ct),
            orphans);
    }

    /// <summary>
    /// Removes the organization, all its rows and files, and accounts left with no membership (platform managers aside).
    /// Its Asterisk configuration goes with the platform deploy the deletion queues (see <see cref="OrganizationFiles.DeleteAll"/>).
    /// </summary>
    public async Task DeleteAsync(Actor actor, Guid id, string confirmName, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        using var _ = db.Tenant.AcrossOrganizations();
        // The counts the audit entry records are read under the write lock, so they are what the delete removed.
        await using var tx = await db.BeginWriteAsync(ct);
        var preview = await PreviewDeletionAsync(id, ct);
        if (SingleLineText.Problem(confirmName) is not null || !string.Equals(SingleLineText.Normalize(confirmName), preview.Organization.Name, StringComparison.Ordinal))
            throw new ValidationException("ConfirmName", $"Type the organization's name, {preview.Organization.Name}, exactly to confirm.");

        var orphans = await OrphanedAccounts(id).ToListAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == id, ct);
        static string N(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
        audit.Note = $"Removed {N(preview.Users, "user", "users")}, {N(preview.Extensions, "extension", "extensions")}, " +
                     $"{N(preview.Numbers, "number", "numbers")}, {N(preview.CallRecords, "call record", "call records")}, " +
                     $"{N(preview.Recordings, "recording", "recordings")}, {N(preview.ApiKeys, "API key", "API keys")}, " +
                     $"{N(orphans.Count, "account", "accounts")} left without an organization.";
        // The provider's numbers (on shared trunks, or on none) go back to the inventory; the organization's own go with it.
        foreach (var did in await db.Dids.Include(d => d.Trunk).Where(d => d.OrganizationId == id && (d.TrunkId == null || d.Trunk!.OrganizationId == null)).ToListAsync(ct))
        {
            NumberInventory.ToInventory(did);
        }
        // What the foreign keys' cascades remove passes the change tracker: counted by kind for the organization's log.
        var cascade = await CascadeCount.OfAsync<Organization>(db, id, ct);
        if (cascade.Count > 0)
        {
            audit.RecordEffect(AuditCatalogue.OrganizationCascade, "organization", id.ToString(), organization.Name, id, cascade,
                "Deleted with the organization: " + string.Join(", ", cascade.Select(c => $"{c.Value} {AuditCatalogue.TargetLabel(c.Key).ToLowerInvariant()}")) + ".");
        }
        db.Organizations.Remove(organization);
        await db.SaveChangesAsync(ct);
        // Rows owned by the organization go with it through the foreign keys' ON DELETE CASCADE.
        db.Users.RemoveRange(orphans);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        files.DeleteAll(preview.Organization.Slug);
    }

    private IQueryable<Account> OrphanedAccounts(Guid organizationId) =>
        db.Users.Where(a => !a.IsPlatformManager
                            && a.Memberships.Any(m => m.OrganizationId == organizationId)
                            && a.Memberships.All(m => m.OrganizationId == organizationId));

    private async Task EnsureNameFreeAsync(string name, Guid? except, CancellationToken ct)
    {
        var trimmed = SingleLineText.Normalize(name);
        var taken = await db.Organizations.AnyAsync(o => o.Name == trimmed && o.Id != except, ct);
        if (taken) throw new RuleViolationException(Verdict.Conflict($"An organization named \"{trimmed}\" already exists."));
    }

    private async Task<string> FreeSlugAsync(string name, CancellationToken ct)
    {
        var stem = SlugPattern().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        if (stem.Length > 40) stem = stem[..40].Trim('-');
        if (stem.Length == 0) stem = "org";
        var slug = stem;
        for (var n = 2; await db.Organizations.AnyAsync(o => o.Slug == slug, ct); n++) slug = $"{stem}-{n}";
        return slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
