using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Web;

namespace Opbx.Pages.Org.Calls;

/// <summary>
/// The organization's call records: every member may open it; which calls they see and whether numbers are masked is the
/// rules' (<see cref="Domain.Rules.AccessRules.CallRecordsOf"/>, <see cref="Domain.Rules.AccessRules.MasksCallNumbers"/>).
/// Filters refresh the list with htmx; "Older" pages by keyset.
/// </summary>
[OrgAccess(OrgAccess.Member)]
public sealed class IndexModel(CallRecordLog log, OrgContext org) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Direction { get; set; }
    [BindProperty(SupportsGet = true)] public string? Extension { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? Disposition { get; set; }
    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    public CallPage Result { get; private set; } = new([], null, false);
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public bool Filtered => new[] { From, To, Direction, Extension, Number, Disposition }.Any(v => !string.IsNullOrWhiteSpace(v));
    /// <summary>Numbers are masked for this reader on the page (CSV exports mask them whenever the organization does).</summary>
    public bool Masked => Result.Masked;

    public async Task OnGetAsync()
    {
        if (Parse(Before) is not { } query) return;
        try
        {
            Result = await log.PageAsync(org.Actor, query, leavesOpbx: false, HttpContext.RequestAborted);
        }
        catch (ValidationException e)
        {
            Errors = e.Errors;
        }
        Response.Headers.Vary = "HX-Request";
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (Parse(null) is not { } query) return BadRequest(string.Join(" ", Errors.SelectMany(e => e.Value)));
        await CsvDownload.WriteAsync(Response, $"{org.Organization!.Slug}-calls-{DateTime.UtcNow:yyyyMMdd}.csv",
            w => log.WriteCsvAsync(org.Actor, query, w, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    private CallRecordQuery? Parse(string? before)
    {
        var errors = new FieldErrors();
        var query = CallRecordQuery.Parse(From, To, Direction, Extension, Number, Disposition, before, null, errors);
        Errors = errors.ToDictionary();
        return errors.Any ? null : query;
    }

    /// <summary>This page with the filters kept, at a keyset position (null: the newest calls) or a handler.</summary>
    public string Link(CallPageKey? before, string? handler = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (name, value) in new[] { ("from", From), ("to", To), ("direction", Direction), ("extension", Extension), ("number", Number), ("disposition", Disposition) })
        {
            if (!string.IsNullOrWhiteSpace(value)) pairs.Add(new(name, value.Trim()));
        }
        if (before is not null) pairs.Add(new("before", before.ToString()));
        if (handler is not null) pairs.Add(new("handler", handler));
        return QueryHelpers.AddQueryString(org.Path("/Calls"), pairs);
    }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
