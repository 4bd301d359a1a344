using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.People;
using Opbx.Domain.Usage;

namespace Opbx.Domain.Organizations;

/// <summary>
/// One line of the usage panel: what is used of what the plan allows. <see cref="Resource"/> names it for pages
/// ("seats", "api_keys"); numbers, trunks and queues join as rows.
/// </summary>
public sealed record UsageRow(string Resource, string Label, int Used, int Limit, string Note)
{
    public int Percent => Limit <= 0 ? 100 : Math.Min(100, (int)Math.Round(100.0 * Used / Limit));
    public bool NearLimit => Used >= Limit || Percent >= 90;
}

public sealed record PendingInvitation(Guid MembershipId, string Name, string Email, DateTimeOffset SentAt);

/// <summary>What owners and PBX admins see first: usage against limits, what needs attention, pending invitations, recent changes.</summary>
public sealed record AdminHome(IReadOnlyList<UsageRow> Usage, int Members, int ActiveMembers, int WithoutExtension, int PendingInvitations,
    int ExpiredInvitations, IReadOnlyList<PendingInvitation> Invitations, IReadOnlyList<AuditEntry> Activity, AuditNames Names);

/// <summary>A member's own home: their extension and whether it rings, and their organization's voicemail.</summary>
public sealed record MemberHome(string? Extension, bool ExtensionLive, bool VoicemailFeature, bool VoicemailOnExtension, int CdrRetentionDays, bool PiiMasking);

/// <summary>
/// The organization dashboards. Every number comes from a trigger-kept counter or an indexed range (pending invitations,
/// the organization's latest audit entries), never from counting members, so a dashboard costs the same at 5 or 5,000.
/// </summary>
public sealed class OrganizationDashboard(OpbxDb db, AuditLog log, TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    public async Task<AdminHome> ForAdminsAsync(CancellationToken ct = default)
    {
        var id = OrganizationId;
        var now = clock.GetUtcNow();
        var counts = await Counts.Run(db, id, UsageService.MonthOf(now), now - InvitationLinks.ValidFor).FirstAsync(ct);
        var invitations = counts.Pending == 0 ? [] : await LatestInvitations.Run(db, 5).ToListAsync(ct);
        var activity = await log.LatestAsync(8, ct);
        IReadOnlyList<UsageRow> usage =
        [
            new("seats", "Seats", counts.Active, counts.MaxUsers, "active members; inactive ones use no seat"),
            new("api_keys", "API keys", counts.ApiKeys, counts.MaxApiKeys, "for integrations"),
            new("numbers", "Numbers", counts.Numbers, counts.MaxDids, "phone numbers that ring here"),
            new("trunks", "Trunks", counts.Trunks, counts.MaxTrunks, "the organization's own carriers"),
            new("queues", "Queues", counts.Queues, counts.MaxQueues, "call queues"),
            .. counts.MonthlyMinutes > 0
                ? [new UsageRow("minutes", "Minutes this month", (int)Math.Min(int.MaxValue, counts.Minutes), counts.MonthlyMinutes,
                    counts.MinutesHardLimit ? "answered calls, rounded up per call; a hard limit: outbound calls stop at it" : "answered calls, rounded up per call; advisory")]
                : Array.Empty<UsageRow>(),
            .. counts.StorageGb > 0
                ? [new UsageRow("storage", "Storage (MB)", (int)Math.Min(int.MaxValue, UsageMetric.Megabytes(counts.StorageBytes)), counts.StorageGb * 1_000,
                    counts.StorageHardLimit ? "call recordings; a hard limit: recording stops at it" : "call recordings; advisory")]
                : Array.Empty<UsageRow>(),
        ];
        return new AdminHome(usage, counts.Members, counts.Active, counts.Members - counts.Assigned, counts.Pending, counts.Expired, invitations, activity,
            await log.NamesAsync(activity, ct));
    }

    private sealed record CountsRow(int Members, int Active, int Assigned, int MaxUsers, int MaxApiKeys, int MaxDids, int MaxTrunks, int MaxQueues,
        int MonthlyMinutes, int StorageGb, bool MinutesHardLimit, bool StorageHardLimit, int Numbers, int Trunks, int Queues, int ApiKeys, int Pending,
        int Expired, long Minutes, long StorageBytes);

    // One statement, compiled once (see CompiledQuery): the kept counters, and each indexed count of the organization's own
    // rows (shared trunks are the platform's, not counted), minutes from the month's maintained row and storage from the
    // partial index of recorded calls (what UsageService.MonthMinutes and StorageBytes meter). Each count names the
    // organization itself: the tenant filter was seen to be left out of such subqueries.
    private static readonly CompiledQuery<Guid, DateOnly, DateTimeOffset, CountsRow> Counts = new((db, id, month, expiredBefore) => db.Organizations.Where(o => o.Id == id)
        .Select(o => new CountsRow(
            EF.Property<int>(o, OpbxDb.MemberCountColumn),
            EF.Property<int>(o, OpbxDb.ActiveMemberCountColumn),
            EF.Property<int>(o, OpbxDb.AssignedExtensionCountColumn),
            o.MaxUsers, o.MaxApiKeys, o.MaxDids, o.MaxTrunks, o.MaxQueues, o.MonthlyMinutes, o.StorageGb, o.MinutesHardLimit, o.StorageHardLimit,
            db.Dids.IgnoreQueryFilters().Count(d => d.OrganizationId == o.Id),
            db.Trunks.IgnoreQueryFilters().Count(t => t.OrganizationId == o.Id),
            db.Queues.IgnoreQueryFilters().Count(q => q.OrganizationId == o.Id),
            db.ApiKeys.IgnoreQueryFilters().Count(k => k.OrganizationId == o.Id),
            db.Memberships.IgnoreQueryFilters().Count(m => m.OrganizationId == o.Id && m.InvitedAt != null),
            db.Memberships.IgnoreQueryFilters().Count(m => m.OrganizationId == o.Id && m.InvitedAt != null && m.InvitedAt < expiredBefore),
            db.MonthlyUsage.IgnoreQueryFilters().Where(u => u.OrganizationId == o.Id && u.Month == month).Select(u => u.Minutes).FirstOrDefault(),
            db.CallRecords.IgnoreQueryFilters().Where(c => c.OrganizationId == o.Id && c.RecordingFile != null).Sum(c => c.RecordingBytes))));

    private static readonly CompiledQuery<int, PendingInvitation> LatestInvitations = new((db, count) => db.Memberships.Where(m => m.InvitedAt != null)
        .OrderByDescending(m => m.InvitedAt).Take(count)
        .Select(m => new PendingInvitation(m.Id, EF.Property<string>(m, OpbxDb.AccountNameColumn), EF.Property<string>(m, OpbxDb.AccountEmailColumn), m.InvitedAt!.Value)));

    public async Task<MemberHome> ForMemberAsync(Guid accountId, CancellationToken ct = default)
    {
        var id = OrganizationId;
        var organization = await db.Organizations.Where(o => o.Id == id)
            .Select(o => new { o.Voicemail, o.CdrRetentionDays, o.PiiMasking }).FirstAsync(ct);
        var mine = await db.Memberships.Where(m => m.AccountId == accountId)
            .Select(LiveExtension.Inline(m => new { Live = LiveExtension.Of(m), m.Extension!.Number, Voicemail = (bool?)m.Extension.VoicemailEnabled }))
            .FirstOrDefaultAsync(ct);
        return new MemberHome(mine?.Number, mine?.Live ?? false, organization.Voicemail, mine?.Voicemail ?? false, organization.CdrRetentionDays,
            organization.PiiMasking);
    }
}
