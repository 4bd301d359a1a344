using System.Globalization;
using System.Linq.Expressions;
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
        var others = Filter(scope, q, sip);
        // A filter on an extension or a number is an OR of several keys, each with its own index (organization, key, start):
        // one statement per key seeks the newest matches of that key, and the page is the newest of their union. (One
        // statement with the OR would read every record of the keys and sort them, or walk all of the organization's records
        // newest-first until enough matched: both grow with the organization, see README Performance.)
        var page = new List<(long Id, DateTimeOffset StartedAt, string LinkedId)>();
        foreach (var key in Keys(q, sip))
        {
            var heads = Conditions(scope, q, sip, key, exceptFor: key is null ? null : q.Extension is not null ? "extension" : "number")
                .Where(c => !others.Any(o => o.LinkedId == c.LinkedId && (o.StartedAt > c.StartedAt || (o.StartedAt == c.StartedAt && o.Id > c.Id))));
            if (q.Before is { } before)
            {
                var at = new DateTimeOffset(before.StartedTicks, TimeSpan.Zero);
                // The first condition alone is what the index seeks to; the second picks the records older than the key.
                heads = heads.Where(c => c.StartedAt <= at).Where(c => c.StartedAt < at || c.Id < before.Id);
            }
            var found = await heads.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).Take(q.PageSize + 1)
                .Select(c => new { c.Id, c.StartedAt, c.LinkedId }).ToListAsync(ct);
            page.AddRange(found.Select(f => (f.Id, f.StartedAt, f.LinkedId)));
        }
        page = page.DistinctBy(p => p.Id).OrderByDescending(p => p.StartedAt).ThenByDescending(p => p.Id).Take(q.PageSize + 1).ToList();
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

    /// <summary>The records matching every filter.</summary>
    private static IQueryable<CallRecord> Filter(IQueryable<CallRecord> records, CallRecordQuery q, string? sip) =>
        Conditions(records, q, sip, key: null, exceptFor: null);

    /// <summary>
    /// The filters' conditions; with a <paramref name="key"/>, that key instead of the whole OR of the filter it belongs to
    /// (<paramref name="exceptFor"/>), so the statement reads only the key's index range.
    /// </summary>
    private static IQueryable<CallRecord> Conditions(IQueryable<CallRecord> records, CallRecordQuery q, string? sip,
        Expression<Func<CallRecord, bool>>? key, string? exceptFor)
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
        if (q.Extension is not null && exceptFor != "extension") records = records.Where(AnyOf(ExtensionKeys(q.Extension, sip)));
        if (q.Number is not null && exceptFor != "number") records = records.Where(AnyOf(NumberKeys(q.Number)));
        return key is null ? records : records.Where(key);
    }

    /// <summary>The keys to read one by one: those of the extension filter, else of the number filter, else none (null: all).</summary>
    private static IEnumerable<Expression<Func<CallRecord, bool>>?> Keys(CallRecordQuery q, string? sip) =>
        q.Extension is { } extension ? ExtensionKeys(extension, sip) : q.Number is { } number ? NumberKeys(number) : new Expression<Func<CallRecord, bool>>?[] { null };

    /// <summary>
    /// An extension's calls: its number as the caller's or the dialled number, or its phone (the SIP username Asterisk names
    /// the channel after; caller ID can be rewritten on the way out) on either side.
    /// </summary>
    private static List<Expression<Func<CallRecord, bool>>> ExtensionKeys(string extension, string? sip)
    {
        // The number's reversed key equals the extension reversed exactly when the number is the extension (an extension has
        // at most 6 digits, the key keeps 20): so one index serves both this and the number search.
        var key = CallNumberKeys.Suffix(extension);
        var keys = new List<Expression<Func<CallRecord, bool>>> { c => c.SourceSuffix == key, c => c.DestinationSuffix == key };
        if (sip is not null)
        {
            keys.Add(c => c.SourcePhone == sip);
            keys.Add(c => c.DestinationPhone == sip);
        }
        return keys;
    }

    /// <summary>
    /// A number search: the caller's or the dialled number ends with the digits typed ("3456"; "+4930123456" also finds
    /// "004930123456"), an index range on the reversed key. A number that has the digits at its start or in its middle is
    /// not found: a "contains" cannot use an index and would read every record of the organization (README Performance).
    /// </summary>
    private static List<Expression<Func<CallRecord, bool>>> NumberKeys(string number)
    {
        var (from, to) = CallNumberKeys.StartingWith(CallNumberKeys.Suffix(number.TrimStart('+')));
        return
        [
            c => string.Compare(c.SourceSuffix, from) >= 0 && string.Compare(c.SourceSuffix, to) < 0,
            c => string.Compare(c.DestinationSuffix, from) >= 0 && string.Compare(c.DestinationSuffix, to) < 0,
        ];
    }

    private static Expression<Func<CallRecord, bool>> AnyOf(IReadOnlyList<Expression<Func<CallRecord, bool>>> keys)
    {
        var c = Expression.Parameter(typeof(CallRecord), "c");
        var body = keys.Select(k => new ParameterReplacer(k.Parameters[0], c).Visit(k.Body)).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<CallRecord, bool>>(body, c);
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static CallLeg Leg(CallRecord c, bool masked) => new(c.Id, c.UniqueId, c.Sequence, c.LinkedId, c.StartedAt, c.AnsweredAt, c.EndedAt,
        c.DurationSeconds, c.BillSeconds, c.Disposition, c.Direction,
        masked ? NumberMask.Mask(c.Source) : c.Source, masked ? NumberMask.Mask(c.Destination) : c.Destination,
        c.CallerName, c.CalleeName, c.RecordingFile);
}
