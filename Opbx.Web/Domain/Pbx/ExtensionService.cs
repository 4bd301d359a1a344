using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>Extensions of the current organization (TenantContext): the one door for the pages and the API.</summary>
public sealed class ExtensionService(OpbxDb db, SipCredentials credentials, NumberPlan numbers, Destinations destinations, AuditActor audit,
    TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    /// <summary>Every extension of the organization, by number (the configuration and the demo seed need them all; lists page).</summary>
    public async Task<IReadOnlyList<ExtensionRow>> ListAsync(CancellationToken ct = default) =>
        await PageRows.Run(db, 0, int.MaxValue).ToListAsync(ct);

    /// <summary>
    /// One page by number (shorter numbers first), optionally only those whose number, name or member's name contains
    /// <paramref name="search"/> (case-insensitive for ASCII). Counted, sorted and paged in the query: the numbers of the page
    /// come from the organization's number index, then only the page's rows are read.
    /// </summary>
    public async Task<Paged<ExtensionRow>> PageAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var skip = (page - 1) * pageSize;
        if (string.IsNullOrWhiteSpace(search))
        {
            // Unfiltered, the total is the organization's trigger-kept count (counting 5,000 index entries costs every page
            // view), and the page is one compiled statement.
            var all = await ExtensionCount.Run(db, OrganizationId).FirstAsync(ct);
            return new Paged<ExtensionRow>(await PageRows.Run(db, skip, pageSize).ToListAsync(ct), all, page, pageSize);
        }
        var like = LikePattern.Containing(search);
        var query = db.Extensions.Where(x => EF.Functions.Like(x.Number, like, LikePattern.Escape) || EF.Functions.Like(x.DisplayName, like, LikePattern.Escape)
            || EF.Functions.Like(x.Membership!.Account!.Name, like, LikePattern.Escape));
        var total = await query.CountAsync(ct);
        var numbers = await query.OrderBy(x => x.Number.Length).ThenBy(x => x.Number).Skip(skip).Take(pageSize).Select(x => x.Number).ToListAsync(ct);
        var rows = numbers.Count == 0 ? [] : await RowsByNumber.Run(db, numbers).ToListAsync(ct);
        return new Paged<ExtensionRow>(rows.OrderBy(x => x.Number.Length).ThenBy(x => x.Number, StringComparer.Ordinal).ToList(), total, page, pageSize);
    }

    /// <summary>The rows of these extensions of the organization (others' ids are not found), in no particular order.</summary>
    public async Task<IReadOnlyList<ExtensionRow>> RowsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        ids.Count == 0 ? [] : await RowsById.Run(db, ids.ToList()).ToListAsync(ct);

    public Task<int> CountAsync(CancellationToken ct = default) => db.Extensions.CountAsync(ct);

    public async Task<ExtensionRow> GetAsync(Guid id, CancellationToken ct = default) =>
        await RowsById.Run(db, [id]).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Extension");

    private static readonly Expression<Func<Extension, ExtensionRow>> Row = x => new ExtensionRow(x.Id, x.Number, x.DisplayName,
        x.MembershipId, x.Membership!.Account!.Name,
        x.Membership == null || (x.Membership.Status == MembershipStatus.Active && x.Membership.Account!.IsActive),
        x.VoicemailEnabled, x.SipUsername);

    // The lists' statements, compiled once (see CompiledQuery).
    private static readonly CompiledQuery<Guid, int> ExtensionCount = new((db, id) =>
        db.Organizations.Where(o => o.Id == id).Select(o => EF.Property<int>(o, OpbxDb.ExtensionCountColumn)));

    private static readonly CompiledQuery<int, int, ExtensionRow> PageRows = new((db, skip, take) =>
        db.Extensions.OrderBy(x => x.Number.Length).ThenBy(x => x.Number).Skip(skip).Take(take).Select(Row));

    private static readonly CompiledQuery<List<string>, ExtensionRow> RowsByNumber = new((db, numbers) =>
        db.Extensions.Where(x => numbers.Contains(x.Number)).Select(Row));

    private static readonly CompiledQuery<List<Guid>, ExtensionRow> RowsById = new((db, ids) => db.Extensions.Where(x => ids.Contains(x.Id)).Select(Row));

    /// <summary>Creates an extension; the result carries the SIP password and PIN in clear, to be shown once.</summary>
    public async Task<SipAccount> CreateAsync(Actor actor, ExtensionInput input, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        var (number, name) = Validate(input, creating: true);
        await using var tx = await db.BeginWriteAsync(ct);
        await numbers.EnsureFreeAsync(number, null, nameof(ExtensionInput.Number), ct: ct);
        await EnsureMemberFreeAsync(input.MembershipId, null, ct);
        var extension = new Extension
        {
            OrganizationId = OrganizationId,
            Number = number,
            DisplayName = name,
            MembershipId = input.MembershipId,
            VoicemailEnabled = input.VoicemailEnabled,
            CreatedAt = clock.GetUtcNow(),
        };
        credentials.Issue(extension);
        if (!string.IsNullOrEmpty(input.SipPassword)) extension.SipPassword = credentials.Protect(input.SipPassword);
        if (!string.IsNullOrEmpty(input.VoicemailPin)) extension.VoicemailPin = credentials.Protect(input.VoicemailPin.Trim());
        db.Extensions.Add(extension);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Account(extension);
    }

    /// <summary>
    /// Changes number, name, member, voicemail, PIN or password. Taking the extension away from a member gives it a new SIP
    /// password, so the phone that member still holds can no longer register.
    /// </summary>
    public async Task<Extension> UpdateAsync(Actor actor, Guid id, ExtensionInput input, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        var (number, name) = Validate(input, creating: false);
        await using var tx = await db.BeginWriteAsync(ct);
        var extension = await db.Extensions.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Extension");
        if (number != extension.Number) await numbers.EnsureFreeAsync(number, id, nameof(ExtensionInput.Number), ct: ct);
        if (input.MembershipId != extension.MembershipId)
        {
            await EnsureMemberFreeAsync(input.MembershipId, id, ct);
            if (extension.MembershipId is not null) credentials.Rotate(extension);
            extension.MembershipId = input.MembershipId;
        }
        extension.Number = number;
        extension.DisplayName = name;
        extension.VoicemailEnabled = input.VoicemailEnabled;
        if (!string.IsNullOrEmpty(input.SipPassword)) extension.SipPassword = credentials.Protect(input.SipPassword);
        if (!string.IsNullOrEmpty(input.VoicemailPin)) extension.VoicemailPin = credentials.Protect(input.VoicemailPin.Trim());
        if (!input.VoicemailEnabled) await destinations.ClearAsync(id, [DestinationKind.Voicemail], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return extension;
    }

    /// <summary>The phone's credentials again (owners and PBX admins); the viewing is written to the audit log.</summary>
    public async Task<SipAccount> RevealAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ViewSipCredentials(actor).ThrowIfDenied();
        var extension = await db.Extensions.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Extension");
        db.AuditEntries.Add(audit.Entry(clock.GetUtcNow(), "extension.credentials_viewed", "extension", extension.Id.ToString(), extension.Number,
            extension.OrganizationId));
        await db.SaveChangesAsync(ct);
        return Account(extension);
    }

    /// <summary>A new generated SIP password (shown once); the old one stops working at the next deploy.</summary>
    public async Task<SipAccount> ResetPasswordAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var extension = await db.Extensions.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Extension");
        credentials.Rotate(extension);
        audit.Describe("extension", "password_reset");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Account(extension);
    }

    public async Task<ExtensionUsage> UsageAsync(Guid id, CancellationToken ct = default)
    {
        if (!await db.Extensions.AnyAsync(x => x.Id == id, ct)) throw new NotFoundException("Extension");
        return new ExtensionUsage(
            await db.RingGroupMembers.Where(m => m.ExtensionId == id).Select(m => "ring group " + m.RingGroup!.Number).ToListAsync(ct),
            await db.QueueMembers.Where(m => m.ExtensionId == id).Select(m => "queue " + m.Queue!.Number).ToListAsync(ct),
            await destinations.PointingAtAsync(id, ct));
    }

    /// <summary>Deletes the extension: it leaves its ring groups and queues, and numbers or fallbacks sending calls to it hang up. Returns where it was used.</summary>
    public async Task<ExtensionUsage> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManagePbx(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var usage = await UsageAsync(id, ct);
        var extension = await db.Extensions.FirstAsync(x => x.Id == id, ct);
        // Removed one by one (not by the foreign key's cascade) so each removal is in the audit log.
        db.RingGroupMembers.RemoveRange(await db.RingGroupMembers.Include(m => m.RingGroup).Include(m => m.Extension).Where(m => m.ExtensionId == id).ToListAsync(ct));
        db.QueueMembers.RemoveRange(await db.QueueMembers.Include(m => m.Queue).Include(m => m.Extension).Where(m => m.ExtensionId == id).ToListAsync(ct));
        await destinations.ClearAsync(id, [DestinationKind.Extension, DestinationKind.Voicemail], ct);
        db.Extensions.Remove(extension);
        if (usage.Any) audit.Note = "Was used by: " + string.Join(", ", usage.RingGroups.Concat(usage.Queues).Concat(usage.Destinations)) + ".";
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return usage;
    }

    private SipAccount Account(Extension x) =>
        new(x.Id, x.Number, x.SipUsername, credentials.Reveal(x.SipPassword), SipCredentials.Realm, credentials.Reveal(x.VoicemailPin));

    private static (string Number, string Name) Validate(ExtensionInput input, bool creating)
    {
        var errors = new FieldErrors();
        if (!ExtensionNumber.TryParse(input.Number, out var number)) errors.Add(nameof(ExtensionInput.Number), ExtensionNumber.Rule);
        var name = SingleLineText.Clean(input.Name, errors, nameof(ExtensionInput.Name));
        if (name.Length > 100) errors.Add(nameof(ExtensionInput.Name), "The name can be at most 100 characters.");
        if (!string.IsNullOrEmpty(input.SipPassword) && !SipCredentials.IsAcceptablePassword(input.SipPassword))
            errors.Add(nameof(ExtensionInput.SipPassword),
                $"A SIP password is {SipCredentials.MinPasswordLength} to {SipCredentials.MaxPasswordLength} printable characters without spaces; leave it empty to have one generated.");
        if (!string.IsNullOrEmpty(input.VoicemailPin) && !SipCredentials.IsAcceptablePin(input.VoicemailPin.Trim()))
            errors.Add(nameof(ExtensionInput.VoicemailPin), creating
                ? "A voicemail PIN is 4 to 10 digits; leave it empty to have one generated."
                : "A voicemail PIN is 4 to 10 digits; leave it empty to keep the current one.");
        errors.ThrowIfAny();
        return (number.Value, name);
    }

    private async Task EnsureMemberFreeAsync(Guid? membershipId, Guid? except, CancellationToken ct)
    {
        if (membershipId is not { } member) return;
        if (!await db.Memberships.AnyAsync(m => m.Id == member, ct))
            throw new ValidationException(nameof(ExtensionInput.MembershipId), "That member was not found in this organization.");
        if (await db.Extensions.AnyAsync(x => x.MembershipId == member && x.Id != except, ct))
            throw new ValidationException(nameof(ExtensionInput.MembershipId), "That member already has an extension.");
    }
}
