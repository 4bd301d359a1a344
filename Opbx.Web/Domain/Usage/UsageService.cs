using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Email;

namespace Opbx.Domain.Usage;

/// <summary>An organization's usage of its two metered limits now.</summary>
public sealed record MeteredUsage(long Minutes, long StorageBytes);

/// <summary>
/// Usage of the metered limits (SPEC §3, §7): billed minutes per month kept in <see cref="MonthlyUsage"/> from the call records as
/// they arrive, storage from the recordings' sizes; e-mails to the owners at the organization's thresholds, once per threshold,
/// metric and month (<see cref="UsageAlert"/>); and the hard limits, which set <see cref="Organization.OutboundBlocked"/> and
/// <see cref="Organization.RecordingBlocked"/>. Those are organization fields, so saving them queues the organization's deploy
/// through the one deploy mechanism (DeployInterceptor), and the next generated dialplan refuses outbound calls or stops recording.
/// <para>Minutes are billed per call, each call's billsec rounded up to the whole minute (as carriers bill); a call never answered
/// (billsec 0) costs nothing. A limit of 0 means no limit is set: no alert and no block.</para>
/// </summary>
public sealed class UsageService(OpbxDb db, AuditActor audit, Mailer mailer, PublicAddress address, TimeProvider clock, ILogger<UsageService> logger)
{
    /// <summary>Records read per tally step.</summary>
    public const int TallyBatch = 5_000;

    public static long BilledMinutes(int billSeconds) => billSeconds <= 0 ? 0 : (billSeconds + 59L) / 60;

    public static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);

    public DateOnly CurrentMonth => MonthOf(clock.GetUtcNow());

    /// <summary>
    /// Adds the call records that arrived since the last tally to their organization's month, in steps of <see cref="TallyBatch"/>,
    /// each one short write transaction that moves the cursor with the totals (so a record is never counted twice).
    /// </summary>
    public async Task<int> TallyAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var total = 0;
        while (true)
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var cursor = await db.UsageCursors.FirstOrDefaultAsync(c => c.Id == 1, ct);
            if (cursor is null) db.UsageCursors.Add(cursor = new UsageCursor { Id = 1 });
            var last = cursor.LastCallRecordId;
            var batch = await db.CallRecords.AsNoTracking().Where(c => c.Id > last).OrderBy(c => c.Id).Take(TallyBatch)
                .Select(c => new { c.Id, c.OrganizationId, c.StartedAt, c.BillSeconds }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                await tx.CommitAsync(ct);
                return total;
            }
            foreach (var group in batch.GroupBy(c => (c.OrganizationId, Month: MonthOf(c.StartedAt))))
            {
                var row = await db.MonthlyUsage.FirstOrDefaultAsync(u => u.OrganizationId == group.Key.OrganizationId && u.Month == group.Key.Month, ct);
                if (row is null) db.MonthlyUsage.Add(row = new MonthlyUsage { OrganizationId = group.Key.OrganizationId, Month = group.Key.Month });
                row.Calls += group.Count();
                row.BillSeconds += group.Sum(c => (long)c.BillSeconds);
                row.Minutes += group.Sum(c => BilledMinutes(c.BillSeconds));
            }
            cursor.LastCallRecordId = batch[^1].Id;
            cursor.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            total += batch.Count;
        }
    }

    /// <summary>Minutes this month (the maintained row) and storage (recordings' sizes, summed from a partial index of recorded calls).</summary>
    public Task<MeteredUsage> MeteredAsync(Guid organizationId, CancellationToken ct = default) => MeteredAsync(db, organizationId, CurrentMonth, ct);

    public static async Task<MeteredUsage> MeteredAsync(OpbxDb db, Guid organizationId, DateOnly month, CancellationToken ct = default)
    {
        var minutes = await MonthMinutes(db, organizationId, month).FirstOrDefaultAsync(ct);
        var bytes = await StorageBytes(db, organizationId).SumAsync(ct);
        return new MeteredUsage(minutes, bytes);
    }

    /// <summary>The organization's answered minutes of <paramref name="month"/>: its maintained row (none yet: no row).</summary>
    public static IQueryable<long> MonthMinutes(OpbxDb db, Guid organizationId, DateOnly month) =>
        db.MonthlyUsage.IgnoreQueryFilters().Where(u => u.OrganizationId == organizationId && u.Month == month).Select(u => u.Minutes);

    /// <summary>The recorded calls' sizes: read from the partial index of recorded calls (OrganizationId, RecordingBytes).</summary>
    public static IQueryable<long> StorageBytes(OpbxDb db, Guid organizationId) =>
        db.CallRecords.IgnoreQueryFilters().Where(c => c.OrganizationId == organizationId && c.RecordingFile != null).Select(c => c.RecordingBytes);

    /// <summary>Percent of a limit used; null when no limit is set (0).</summary>
    public static int? Percent(long used, long limit) => limit <= 0 ? null : (int)Math.Min(100_000, used * 100 / limit);

    /// <summary>
    /// Sets the organization's hard-limit flags from its usage now, for a save of its settings (limit raised, hard limit turned on
    /// or off): the caller saves in its write transaction, and the save queues the deploy.
    /// </summary>
    public static async Task ApplyHardLimitsAsync(OpbxDb db, Organization organization, DateTimeOffset now, CancellationToken ct = default)
    {
        var usage = await MeteredAsync(db, organization.Id, MonthOf(now), ct);
        SetFlags(organization, usage);
    }

    /// <summary>The hard-limit flags the organization's usage calls for: outbound calls blocked, recording blocked.</summary>
    private static (bool Outbound, bool Recording) Flags(Organization o, MeteredUsage usage) =>
        (o.MinutesHardLimit && o.MonthlyMinutes > 0 && usage.Minutes >= o.MonthlyMinutes,
         o.StorageHardLimit && o.StorageGb > 0 && usage.StorageBytes >= o.StorageGb * UsageMetric.BytesPerGb);

    /// <summary>True when a flag changed.</summary>
    public static bool SetFlags(Organization o, MeteredUsage usage)
    {
        var (outbound, recording) = Flags(o, usage);
        var changed = outbound != o.OutboundBlocked || recording != o.RecordingBlocked;
        o.OutboundBlocked = outbound;
        o.RecordingBlocked = recording;
        return changed;
    }

    /// <summary>
    /// Every organization: e-mails for thresholds newly crossed this month, and the hard-limit flags (blocked when reached,
    /// unblocked when the month turned, storage was freed or the limit was raised or made advisory).
    /// </summary>
    public async Task<int> CheckAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        // Most organizations have nothing to change on most runs. Their limits, month rows, storage and alerts are read for
        // all of them at once, and only an organization with something to change gets its write transaction, which reads
        // and decides again inside it (a transaction for each of 1,000 organizations took 3.5 s of CPU every five minutes).
        var month = CurrentMonth;
        var rows = await db.MonthlyUsage.AsNoTracking().Where(u => u.Month == month).ToDictionaryAsync(u => u.OrganizationId, ct);
        var storage = await db.CallRecords.IgnoreQueryFilters().Where(c => c.RecordingFile != null).GroupBy(c => c.OrganizationId)
            .Select(g => new { g.Key, Bytes = g.Sum(c => c.RecordingBytes) }).ToDictionaryAsync(g => g.Key, g => g.Bytes, ct);
        var alerts = (await db.UsageAlerts.AsNoTracking().Where(a => a.Month == month).Select(a => new { a.OrganizationId, a.Metric, a.Threshold }).ToListAsync(ct))
            .ToLookup(a => a.OrganizationId, a => (a.Metric, a.Threshold));
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.CreatedAt).ToListAsync(ct);
        var sent = 0;
        foreach (var organization in organizations)
        {
            var row = rows.GetValueOrDefault(organization.Id);
            if (!Due(organization, new MeteredUsage(row?.Minutes ?? 0, storage.GetValueOrDefault(organization.Id)), row, alerts[organization.Id])) continue;
            sent += await CheckAsync(organization.Id, ct);
            // Each organization's entities are done with once committed; left tracked, every save would look over all the
            // organizations before it (measured on 1,000 organizations: 16 s of CPU per run, every five minutes; 2 s without).
            db.ChangeTracker.Clear();
        }
        return sent;
    }

    /// <summary>One organization's alerts and flags; returns the e-mails queued.</summary>
    public async Task<int> CheckAsync(Guid organizationId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var month = CurrentMonth;
        var owners = new List<(string Email, string Name)>();
        var mails = new List<(string Metric, int Threshold, long Used, long Limit)>();
        Organization organization;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var found = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
            if (found is null) return 0;
            organization = found;
            var usage = await MeteredAsync(organizationId, ct);
            var already = (await db.UsageAlerts.Where(a => a.OrganizationId == organizationId && a.Month == month)
                .Select(a => new { a.Metric, a.Threshold }).ToListAsync(ct)).Select(a => (a.Metric, a.Threshold)).ToList();
            foreach (var (metric, used, limit, crossed) in Crossed(organization, usage, already))
            {
                var percent = Percent(used, limit);
                if (owners.Count == 0)
                {
                    owners = (await db.Memberships.IgnoreQueryFilters()
                        .Where(m => m.OrganizationId == organizationId && m.Role == OrgRole.Owner && m.Status == MembershipStatus.Active && m.Account!.IsActive)
                        .Select(m => new { m.Account!.Email, m.Account.Name }).ToListAsync(ct))
                        .Where(o => o.Email is not null).Select(o => (o.Email!, o.Name)).ToList();
                }
                // One e-mail names the highest threshold crossed; every crossed one is recorded so none is sent later this month.
                foreach (var t in crossed)
                {
                    db.UsageAlerts.Add(new UsageAlert
                    {
                        OrganizationId = organizationId, Month = month, Metric = metric, Threshold = t, SentAt = clock.GetUtcNow(), Recipients = owners.Count,
                    });
                }
                mails.Add((metric, crossed.Max(), used, limit));
                audit.RecordEffect(AuditCatalogue.UsageAlertSent, "organization", organizationId.ToString(), organization.Name, organizationId,
                    new Dictionary<string, int> { ["threshold"] = crossed.Max(), ["recipients"] = owners.Count },
                    $"Usage alert: {UsageMetric.Words(metric)} at {percent} % of the limit; e-mailed {owners.Count} owner(s).");
            }
            await RecordMonthAsync(organization, month, usage, ct);
            var blockedBefore = (organization.OutboundBlocked, organization.RecordingBlocked);
            if (SetFlags(organization, usage))
            {
                // Saving the organization queues its deploy: the dialplan then refuses outbound calls or stops recording (or resumes).
                var reached = organization.OutboundBlocked && !blockedBefore.OutboundBlocked || organization.RecordingBlocked && !blockedBefore.RecordingBlocked;
                audit.Describe("organization", reached ? "usage_limit_reached" : "usage_limit_cleared");
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var (metric, threshold, used, limit) in mails)
        {
            foreach (var (email, name) in owners)
            {
                try
                {
                    await mailer.QueueAsync(email, "usage-alert", Model(organization, name, metric, threshold, used, limit), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not queue the usage alert for {Organization} to {Email}.", organization.Id, email);
                }
            }
        }
        return mails.Count * owners.Count;
    }

    /// <summary>The month's storage peak and the limits in force now, on the month's row (created for a month with no calls yet).</summary>
    private async Task RecordMonthAsync(Organization organization, DateOnly month, MeteredUsage usage, CancellationToken ct)
    {
        var row = await db.MonthlyUsage.FirstOrDefaultAsync(u => u.OrganizationId == organization.Id && u.Month == month, ct);
        if (row is null) db.MonthlyUsage.Add(row = new MonthlyUsage { OrganizationId = organization.Id, Month = month });
        row.StoragePeakBytes = Math.Max(row.StoragePeakBytes, usage.StorageBytes);
        row.MinutesLimit = organization.MonthlyMinutes;
        row.StorageGbLimit = organization.StorageGb;
        row.MinutesHardLimit = organization.MinutesHardLimit;
        row.StorageHardLimit = organization.StorageHardLimit;
    }

    /// <summary>The month's row already holds what <see cref="RecordMonthAsync"/> would write into it.</summary>
    private static bool Recorded(MonthlyUsage row, Organization o, MeteredUsage usage) =>
        row.StoragePeakBytes >= usage.StorageBytes && row.MinutesLimit == o.MonthlyMinutes && row.StorageGbLimit == o.StorageGb
        && row.MinutesHardLimit == o.MinutesHardLimit && row.StorageHardLimit == o.StorageHardLimit;

    /// <summary>
    /// An organization's check has something to write: a month row to create or bring up to date, a threshold newly crossed
    /// (see <see cref="Crossed"/>), or a hard-limit flag to set or clear.
    /// </summary>
    private static bool Due(Organization o, MeteredUsage usage, MonthlyUsage? row, IEnumerable<(string Metric, int Threshold)> already) =>
        row is null || !Recorded(row, o, usage) || Flags(o, usage) != (o.OutboundBlocked, o.RecordingBlocked) || Crossed(o, usage, already).Count > 0;

    /// <summary>For each metric with a limit: the organization's thresholds its usage has reached this month with no alert recorded yet.</summary>
    private static List<(string Metric, long Used, long Limit, List<int> Crossed)> Crossed(Organization o, MeteredUsage usage,
        IEnumerable<(string Metric, int Threshold)> already)
    {
        var thresholds = UsageThresholds.Of(o.UsageAlertThresholds);
        var found = new List<(string, long, long, List<int>)>();
        foreach (var (metric, used, limit) in new[]
        {
            (UsageMetric.MonthlyMinutes, usage.Minutes, (long)o.MonthlyMinutes),
            (UsageMetric.StorageGb, usage.StorageBytes, o.StorageGb * UsageMetric.BytesPerGb),
        })
        {
            if (Percent(used, limit) is not { } percent) continue;
            var crossed = thresholds.Where(t => percent >= t && !already.Contains((metric, t))).ToList();
            if (crossed.Count > 0) found.Add((metric, used, limit, crossed));
        }
        return found;
    }

    private Dictionary<string, object?> Model(Organization o, string name, string metric, int threshold, long used, long limit)
    {
        var minutes = metric == UsageMetric.MonthlyMinutes;
        var hard = minutes ? o.MinutesHardLimit : o.StorageHardLimit;
        return new Dictionary<string, object?>
        {
            ["name"] = name,
            ["organization"] = o.Name,
            ["metric"] = UsageMetric.Words(metric),
            ["threshold"] = threshold,
            ["used"] = minutes ? $"{Amount.Of(used)} minutes" : $"{used / (double)UsageMetric.BytesPerGb:N2} GB",
            ["limit"] = minutes ? $"{Amount.Of(limit)} minutes" : $"{Amount.Of(limit / UsageMetric.BytesPerGb)} GB",
            ["hard"] = hard,
            ["effect"] = minutes ? "new outbound calls are refused" : "calls are no longer recorded",
            ["link"] = $"{address.BaseUrl}/Org/{o.Id}/Dashboard",
        };
    }
}
