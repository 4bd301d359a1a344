using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.Audit;

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateOnly? From = null, DateOnly? To = null,
    Guid? OrganizationId = null, int Page = 1, int PageSize = 50);

/// <summary>Reads the audit log. Which entries are visible follows the data layer's organization filter.</summary>
public sealed class AuditLog(OpbxDb db, AuditActor actor, TimeProvider clock)
{
    public const string SupportAccess = "organization.opened_by_platform_manager";

    /// <summary>
    /// A platform manager who is not a member opened the organization's area: reaching across organizations is recorded
    /// in the organization's own log, once per manager and day, so its owners can see who looked.
    /// </summary>
    public async Task RecordSupportAccessAsync(Organization organization, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var seen = await db.AuditEntries.AnyAsync(a => a.OrganizationId == organization.Id && a.At >= today
            && a.Action == SupportAccess && a.ActorAccountId == actor.AccountId, ct);
        if (seen) return;
        var entry = actor.Entry(now, SupportAccess, "organization", organization.Id.ToString(), organization.Name, organization.Id);
        entry.Note = "A platform manager opened the organization's area (support access).";
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    public async Task<Paged<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        var query = Filter(q);
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<AuditEntry>(items, total, page, size);
    }

    /// <summary>Writes the entries as CSV with the exports' writer (<see cref="CsvExport"/>).</summary>
    public async Task WriteCsvAsync(AuditQuery q, CsvWriter csv, CancellationToken ct = default)
    {
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
        if (q.OrganizationId is { } org) query = query.Where(a => a.OrganizationId == org);
        return query;
    }
}
