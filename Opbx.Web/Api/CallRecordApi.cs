using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/cdrs</c>: the organization's call records (scope <c>cdrs:read</c>), calls newest first with their legs,
/// keyset-paged (<c>before</c> = the previous page's <c>older</c>), and the same filters as CSV at <c>/api/v1/cdrs/export</c>.
/// What leaves through the API counts as an export: with <c>pii_masking</c> on, numbers are masked.
/// </summary>
public static class CallRecordApi
{
    public const string ReadScope = "cdrs:read";

    public static void MapCallRecordApi(this RouteGroupBuilder api)
    {
        var cdrs = api.MapGroup("/cdrs").WithTags("Call records (organization)");

        cdrs.MapGet("", async (CallRecordLog log, string? from, string? to, string? direction, string? extension, string? number, string? disposition,
                string? before, int? page_size, HttpContext http) =>
            {
                var query = Parse(from, to, direction, extension, number, disposition, before, page_size);
                var page = await log.PageAsync(Actor.ApiKey(), query, leavesOpbx: true, http.RequestAborted);
                return TypedResults.Ok(new CallPageDto(page.Calls.Select(ToDto).ToList(), query.PageSize, page.Older?.ToString(), page.Masked));
            })
            .RequireScope(ReadScope).WithName("ListCallRecords")
            .WithSummary("Calls newest first, each with its legs (from, to: days as YYYY-MM-DD; direction: inbound, outbound, internal; extension; number: digits, optionally after a +, that the caller's or callee's number ends with; disposition: answered, no_answer, busy, failed, congestion; before: the previous page's \"older\"; page_size 1 to 200).");

        cdrs.MapGet("/export", async (CallRecordLog log, string? from, string? to, string? direction, string? extension, string? number,
                string? disposition, HttpContext http) =>
            {
                var query = Parse(from, to, direction, extension, number, disposition, null, null);
                await CsvDownload.WriteAsync(http.Response, $"calls-{DateTime.UtcNow:yyyyMMdd}.csv",
                    w => log.WriteCsvAsync(Actor.ApiKey(), query, w, http.RequestAborted));
                return TypedResults.Empty;
            })
            .RequireScope(ReadScope).WithName("ExportCallRecords")
            .WithSummary("Every call record (leg) matching the filters as CSV, newest first, streamed (same filters as the list; numbers masked with pii_masking).")
            .Produces(200, contentType: "text/csv");
    }

    private static CallRecordQuery Parse(string? from, string? to, string? direction, string? extension, string? number, string? disposition,
        string? before, int? pageSize)
    {
        var errors = new FieldErrors();
        var query = CallRecordQuery.Parse(from, to, direction, extension, number, disposition, before, pageSize, errors);
        errors.ThrowIfAny();
        return query;
    }

    private static CallDto ToDto(CallGroup call) => new(call.LinkedId, call.StartedAt, CallRecordQuery.Names(call.First.Direction),
        CallRecordQuery.Names(call.Disposition), call.First.Source, call.First.Destination, call.BillSeconds, call.Legs.Select(ToDto).ToList());

    private static CallLegDto ToDto(CallLeg l) => new(l.Id, l.UniqueId, l.Sequence, l.StartedAt, l.AnsweredAt, l.EndedAt, l.DurationSeconds,
        l.BillSeconds, CallRecordQuery.Names(l.Disposition), CallRecordQuery.Names(l.Direction), l.Source, l.Destination, l.CallerName, l.CalleeName,
        l.RecordingFile);
}
