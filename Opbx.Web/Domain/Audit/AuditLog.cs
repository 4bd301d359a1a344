using System.Linq.Expressions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.Audit;

/// <summary>Reads the audit log. Which entries are visible follows the data layer's organization filter.</summary>
public sealed class AuditLog(OpbxDb db, AuditActor actor, TimeProvider clock, SupportAccessSeen seenToday)
{
    public const string SupportAccess = AuditCatalogue.SupportAccess;

    /// <summary>
    /// A platform manager who is not a member opened the organization's area: reaching across organizations is recorded
    /// in the organization's own log, once per manager and day, so its owners can see who looked.
    /// </summary>
    public async Task RecordSupportAccessAsync(Organization organization, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var account = actor.AccountId;
        if (seenToday.Contains(account ?? Guid.Empty, organization.Id, day)) return;
        var seen = await db.AuditEntries.AnyAsync(a => a.OrganizationId == organization.Id && a.At >= today
            && a.Action == SupportAccess && a.ActorAccountId == account, ct);
        if (!seen)
        {
            var entry = actor.Entry(now, SupportAccess, "organization", organization.Id.ToString(), organization.Name, organization.Id);
            entry.Note = "A platform manager opened the organization's area (support access).";
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
        }
        seenToday.Add(account ?? Guid.Empty, organization.Id, day);
    }

    private IDisposable? Scope(bool acrossOrganizations) => acrossOrganizations ? db.Tenant.AcrossOrganizations() : null;

    public async Task<Paged<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        q.Check().ThrowIfAny();
        using var _ = Scope(q.AcrossOrganizations);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var page = Paged<AuditEntry>.PageWithin(q.Page, size);
        var tally = await TallyAsync(q, ct);
        // The log as it opens (no filter): compiled statements, one for an organization's log, one for the platform's.
        if (tally is { } all && q.OrganizationId is null)
            return new Paged<AuditEntry>(await (db.Tenant.CrossOrganization ? PlatformPage : Latest).Run(db, (page - 1) * size, size).ToListAsync(ct),
                all, page, size);
        var query = Filter(q);
        var total = tally ?? await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<AuditEntry>(items, total, page, size);
    }

    /// <summary>
    /// The count of an unfiltered log, from the trigger-kept tally (<see cref="AuditTally"/>): counting the platform's
    /// log reads every entry (hundreds of thousands), an organization's every index entry of it. Null when filters apply.
    /// </summary>
    private async Task<int?> TallyAsync(AuditQuery q, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(q.Actor) || !string.IsNullOrWhiteSpace(q.Action) || !string.IsNullOrWhiteSpace(q.Target)
            || q.From is not null || q.To is not null || !string.IsNullOrWhiteSpace(q.Organization))
            return null;
        // Within an organization the data layer's filter applies as well: another organization's id finds nothing.
        Guid? key = db.Tenant.CrossOrganization ? q.OrganizationId ?? Guid.Empty
            : q.OrganizationId is null || q.OrganizationId == db.Tenant.OrganizationId ? db.Tenant.OrganizationId : null;
        if (key is not { } k) return null;
        return await Tally.Run(db, k).FirstOrDefaultAsync(ct);
    }

    private static readonly CompiledQuery<Guid, int> Tally = new((db, key) => db.AuditTally.Where(t => t.OrganizationId == key).Select(t => t.Count));

    /// <summary>
    /// A person's account changes are copied to each of their organizations' logs; across organizations the platform's own
    /// entry stands for them all.
    /// </summary>
    private static readonly Expression<Func<AuditEntry, bool>> NoAccountCopy = a => a.OrganizationId == null || a.TargetType != "account";

    private static readonly CompiledQuery<int, int, AuditEntry> PlatformPage = new((db, skip, take) => db.AuditEntries.AsNoTracking()
        .Where(NoAccountCopy).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(skip).Take(take));

    /// <summary>Writes the entries as CSV with the exports' writer (<see cref="CsvExport"/>).</summary>
    public async Task WriteCsvAsync(AuditQuery q, CsvWriter csv, CancellationToken ct = default)
    {
        using var _ = Scope(q.AcrossOrganizations);
        foreach (var h in new[] { "time", "actor", "source", "address", "action", "target_type", "target_id", "target_name", "organization_id", "changes", "note" })
            csv.WriteField(h);
        await csv.EndRecordAsync(ct);
        await foreach (var e in Filter(q).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(e.At.ToString("O"));
            csv.WriteField(e.Actor);
            csv.WriteField(e.Source.ToString().ToLowerInvariant());
            csv.WriteField(e.Address);
            csv.WriteField(e.Action);
            csv.WriteField(e.TargetType);
            csv.WriteField(e.TargetId);
            csv.WriteField(e.TargetName);
            csv.WriteField(e.OrganizationId?.ToString());
            csv.WriteField(e.Changes);
            csv.WriteField(e.Note);
            await csv.EndRecordAsync(ct);
        }
    }

    private IQueryable<AuditEntry> Filter(AuditQuery q)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor)) query = query.Where(a => EF.Functions.Like(a.Actor, LikePattern.Containing(q.Actor), LikePattern.Escape));
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(a => EF.Functions.Like(a.Action, LikePattern.StartingWith(q.Action), LikePattern.Escape));
        if (!string.IsNullOrWhiteSpace(q.Target))
        {
            var target = q.Target.Trim();
            query = query.Where(a => EF.Functions.Like(a.TargetName, LikePattern.Containing(target), LikePattern.Escape)
                || a.TargetId == target || a.TargetType == target);
        }
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At < end);
        }
        if (db.Tenant.CrossOrganization && q.OrganizationId is null && string.IsNullOrWhiteSpace(q.Organization)) query = query.Where(NoAccountCopy);
        if (q.OrganizationId is { } org) query = query.Where(a => a.OrganizationId == org);
        if (!string.IsNullOrWhiteSpace(q.Organization))
        {
            var text = q.Organization.Trim();
            if (Guid.TryParse(text, out var id))
            {
                query = query.Where(a => a.OrganizationId == id);
            }
            else
            {
                // The organization of exactly that name (names are unique, any case), else those whose name contains the
                // text; their entries are each read from the log's (organization, time) index.
                var like = LikePattern.Containing(text);
                var exact = db.Organizations.Any(o => o.Name == text);
                var ids = db.Organizations.Where(o => o.Name == text || (!exact && EF.Functions.Like(o.Name, like, LikePattern.Escape))).Select(o => (Guid?)o.Id);
                query = query.Where(a => ids.Contains(a.OrganizationId));
            }
        }
        return query;
    }

    /// <summary>The name of an organization the log mentions, while it exists.</summary>
    public async Task<string?> OrganizationNameAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Organizations.Where(o => o.Id == id).Select(o => o.Name).FirstOrDefaultAsync(ct);
    }

    /// <summary>The latest <paramref name="count"/> entries the current scope sees (an organization's, or all across organizations), newest first.</summary>
    public Task<List<AuditEntry>> LatestAsync(int count, CancellationToken ct = default) => Latest.Run(db, 0, count).ToListAsync(ct).AsTask();

    private static readonly CompiledQuery<int, int, AuditEntry> Latest = new((db, skip, take) =>
        db.AuditEntries.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(skip).Take(take));

    /// <summary>
    /// Names for the ids the entries mention (their organization, actor, target, and ids among the changed values), so
    /// the log shows people and organizations by name. Ids of rows that no longer exist are left out.
    /// </summary>
    public async Task<AuditNames> NamesAsync(IEnumerable<AuditEntry> entries, CancellationToken ct = default) =>
        await NamesAsync(entries, false, ct);

    public async Task<AuditNames> NamesAsync(IEnumerable<AuditEntry> entries, bool acrossOrganizations, CancellationToken ct = default)
    {
        using var _ = Scope(acrossOrganizations);
        var ids = new HashSet<Guid>();
        foreach (var e in entries)
        {
            if (e.OrganizationId is { } o) ids.Add(o);
            if (e.ActorAccountId is { } a) ids.Add(a);
            if (Guid.TryParse(e.TargetId, out var t)) ids.Add(t);
            foreach (var id in AuditNames.IdsIn(e.Changes)) ids.Add(id);
        }
        var names = new Dictionary<Guid, string>();
        if (ids.Count == 0) return new AuditNames(names);
        var list = ids.ToList();
        // One statement (UNION ALL) for every kind of thing an entry can name, not one round trip per kind.
        // Organization-owned rows are looked up by key alone (with the organization filter, SQLite may walk every member
        // of the organization instead), then kept only when they belong to the organization being looked at.
        await foreach (var row in NamesOf.Run(db, list).WithCancellation(ct))
        {
            if (row.OrganizationId is { } owner && !db.Tenant.CrossOrganization && owner != db.Tenant.OrganizationId) continue;
            names[row.Id] = row.Extension ? "extension " + row.Name : row.Name;
        }
        return new AuditNames(names);
    }

    // Compiled: the largest expression tree a page runs (the dashboards and audit logs).
    private static readonly CompiledQuery<List<Guid>, NameRow> NamesOf = new((db, list) =>
        db.Organizations.Where(o => list.Contains(o.Id)).Select(o => new NameRow { Id = o.Id, OrganizationId = null, Name = o.Name, Extension = false })
            .Concat(db.Users.Where(a => list.Contains(a.Id)).Select(a => new NameRow { Id = a.Id, OrganizationId = null, Name = a.Name, Extension = false }))
            .Concat(db.Memberships.IgnoreQueryFilters().Where(m => list.Contains(m.Id))
                .Select(m => new NameRow { Id = m.Id, OrganizationId = m.OrganizationId, Name = m.Account!.Name, Extension = false }))
            .Concat(db.Extensions.IgnoreQueryFilters().Where(e => list.Contains(e.Id))
                .Select(e => new NameRow { Id = e.Id, OrganizationId = e.OrganizationId, Name = e.Number, Extension = true }))
            .Concat(db.ApiKeys.IgnoreQueryFilters().Where(k => list.Contains(k.Id))
                .Select(k => new NameRow { Id = k.Id, OrganizationId = k.OrganizationId, Name = k.Name, Extension = false }))
            .Concat(db.PlatformTokens.Where(t => list.Contains(t.Id)).Select(t => new NameRow { Id = t.Id, OrganizationId = null, Name = t.Name, Extension = false })));

    private sealed class NameRow
    {
        public Guid Id { get; init; }
        public Guid? OrganizationId { get; init; }
        public string Name { get; init; } = "";
        public bool Extension { get; init; }
    }
}
