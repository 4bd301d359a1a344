using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Calls;

/// <summary>
/// Reads the current organization's call records (the data layer's organization filter decides whose), narrowed by the
/// rules to the reader's own calls for PBX users (<see cref="AccessRules.CallRecordsOf"/>), with numbers masked where
/// <see cref="AccessRules.MasksCallNumbers"/> says so. Calls are paged newest first by keyset over (StartedAt, Id): a call
/// is listed once, at its newest leg that matches the filters, with all its legs the reader may see.
/// </summary>
public sealed class CallRecordLog(OpbxDb db)
{
    public async Task<CallPage> PageAsync(Actor actor, CallRecordQuery q, bool leavesOpbx, CancellationToken ct = default)
    {
        var (scope, masked) = await ScopeAsync(actor, leavesOpbx, q, ct);
        if (scope is null) return new CallPage([], null, masked);
        var sip = await SipUsernameAsync(q, ct);
        var matching = Filter(scope, q, sip);
        var others = Filter(scope, q, sip);
        var heads = matching.Where(c => !others.Any(o => o.LinkedId == c.LinkedId
            && (o.StartedAt > c.StartedAt || (o.StartedAt == c.StartedAt && o.Id > c.Id))));
        if (q.Before is { } before)
        {
            var at = new DateTimeOffset(before.StartedTicks, TimeSpan.Zero);
            heads = heads.Where(c => c.StartedAt < at || (c.StartedAt == at && c.Id < before.Id));
        }
        var page = await heads.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).Take(q.PageSize + 1)
            .Select(c => new { c.Id, c.StartedAt, c.LinkedId }).ToListAsync(ct);
        var more = page.Count > q.PageSize;
        if (more) page.RemoveAt(page.Count - 1);
        if (page.Count == 0) return new CallPage([], null, masked);

        var linked = page.Select(p => p.LinkedId).Distinct().ToList();
        var legs = (await scope.Where(c => linked.Contains(c.LinkedId)).ToListAsync(ct))
            .OrderBy(c => c.StartedAt).ThenBy(c => c.Id).Select(c => Leg(c, masked)).ToLookup(l => l.LinkedId);
        var calls = page.Select(p => new CallGroup(p.LinkedId, legs[p.LinkedId].ToList())).Where(g => g.Legs.Count > 0).ToList();
        var last = page[^1];
        return new CallPage(calls, more ? new CallPageKey(last.StartedAt.UtcTicks, last.Id) : null, masked);
    }

    /// <summary>
    /// Every matching record (leg), newest first, as CSV with the exports' one writer: rows stream from the database to
    /// the response one by one. Numbers are masked whenever the organization masks them (an export leaves Opbx).
    /// </summary>
    public async Task WriteCsvAsync(Actor actor, CallRecordQuery q, CsvWriter csv, CancellationToken ct = default)
    {
        var (scope, masked) = await ScopeAsync(actor, leavesOpbx: true, q, ct);
        foreach (var h in new[] { "started_at", "answered_at", "ended_at", "direction", "disposition", "source", "destination", "caller", "callee",
                     "duration_seconds", "billsec", "linked_id", "unique_id", "sequence", "recording" })
            csv.WriteField(h);
        await csv.EndRecordAsync(ct);
        if (scope is null) return;
        var rows = Filter(scope, q, await SipUsernameAsync(q, ct)).OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).AsAsyncEnumerable();
        await foreach (var c in rows.WithCancellation(ct))
        {
            var l = Leg(c, masked);
            csv.WriteField(l.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(l.AnsweredAt?.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(l.EndedAt?.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(CallRecordQuery.Names(l.Direction));
            csv.WriteField(CallRecordQuery.Names(l.Disposition));
            csv.WriteField(l.Source);
            csv.WriteField(l.Destination);
            csv.WriteField(l.CallerName);
            csv.WriteField(l.CalleeName);
            csv.WriteField(l.DurationSeconds.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(l.BillSeconds.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(l.LinkedId);
            csv.WriteField(l.UniqueId);
            csv.WriteField(l.Sequence.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(l.RecordingFile);
            await csv.EndRecordAsync(ct);
        }
    }

    /// <summary>Whether numbers are masked for this reader here (the page says so above the list).</summary>
    public async Task<bool> MaskedAsync(Actor actor, bool leavesOpbx, CancellationToken ct = default) =>
        AccessRules.MasksCallNumbers(actor, await PiiMaskingAsync(ct), leavesOpbx);

    private async Task<bool> PiiMaskingAsync(CancellationToken ct) =>
        db.Tenant.OrganizationId is { } id && await db.Organizations.Where(o => o.Id == id).Select(o => o.PiiMasking).FirstOrDefaultAsync(ct);

    /// <summary>The records the actor may read (null: none), and whether numbers are masked for them.</summary>
    private async Task<(IQueryable<CallRecord>? Scope, bool Masked)> ScopeAsync(Actor actor, bool leavesOpbx, CallRecordQuery q, CancellationToken ct)
    {
        var pii = await PiiMaskingAsync(ct);
        var masked = AccessRules.MasksCallNumbers(actor, pii, leavesOpbx);
        // Searching by number, for someone who may not see numbers, would tell the hidden numbers apart one guess at a time.
        if (q.Number is not null && AccessRules.MasksCallNumbers(actor, pii, leavesOpbx: false))
            throw new ValidationException("number", "Numbers are masked for you in this organization: search by extension instead.");
        var records = db.CallRecords.AsNoTracking();
        switch (AccessRules.CallRecordsOf(actor))
        {
            case CallRecordScope.Organization:
                return (records, masked);
            case CallRecordScope.Own:
                var member = await db.Memberships.Where(m => m.AccountId == actor.AccountId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
                return member is { } me ? (records.Where(c => c.MembershipId == me || c.CalleeMembershipId == me), masked) : (null, masked);
            default:
                return (null, masked);
        }
    }

    /// <summary>The SIP username (the channel's name) of the extension filtered on, if the organization has it.</summary>
    private async Task<string?> SipUsernameAsync(CallRecordQuery q, CancellationToken ct) =>
        q.Extension is { } number ? await db.Extensions.Where(e => e.Number == number).Select(e => e.SipUsername).FirstOrDefaultAsync(ct) : null;

    private static IQueryable<CallRecord> Filter(IQueryable<CallRecord> records, CallRecordQuery q, string? sip)
    {
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            records = records.Where(c => c.StartedAt >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            records = records.Where(c => c.StartedAt < end);
        }
        if (q.Direction is { } direction) records = records.Where(c => c.Direction == direction);
        if (q.Disposition is { } disposition) records = records.Where(c => c.Disposition == disposition);
        if (q.Extension is { } extension)
        {
            // The extension's phone as Asterisk named its channel (caller ID can be rewritten on the way out), or its number.
            var channel = sip is null ? null : LikePattern.StartingWith($"PJSIP/{sip}-");
            records = channel is null
                ? records.Where(c => c.Source == extension || c.Destination == extension)
                : records.Where(c => c.Source == extension || c.Destination == extension
                    || EF.Functions.Like(c.SourceChannel!, channel, LikePattern.Escape) || EF.Functions.Like(c.DestinationChannel!, channel, LikePattern.Escape));
        }
        if (q.Number is { } number)
        {
            var like = LikePattern.Containing(number);
            records = records.Where(c => EF.Functions.Like(c.Source, like, LikePattern.Escape) || EF.Functions.Like(c.Destination, like, LikePattern.Escape));
        }
        return records;
    }

    private static CallLeg Leg(CallRecord c, bool masked) => new(c.Id, c.UniqueId, c.Sequence, c.LinkedId, c.StartedAt, c.AnsweredAt, c.EndedAt,
        c.DurationSeconds, c.BillSeconds, c.Disposition, c.Direction,
        masked ? NumberMask.Mask(c.Source) : c.Source, masked ? NumberMask.Mask(c.Destination) : c.Destination,
        c.CallerName, c.CalleeName, c.RecordingFile);
}
