using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Pages.Platform.Audit;
using Opbx.Web;

namespace Opbx.Pages.Shared;

/// <summary>
/// The audit log page, once for both of its doors: an organization's own log and the platform's. They differ only in
/// where they live, what the CSV is called and which entries the query reaches (<see cref="AuditQuery.AcrossOrganizations"/>).
/// </summary>
public abstract class AuditPageModel(AuditLog log) : PageModel, IReloadablePage
{
    protected AuditLog Log { get; } = log;

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    /// <summary>Empty until a query ran (a refused filter shows no entries, only what to fix).</summary>
    public Paged<AuditEntry> Result { get; private set; } = new([], 0, 1, 50);
    public AuditNames Names { get; private set; } = new(new Dictionary<Guid, string>());
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("entry", "entries"), "#results", p => Link(p));
    public string CsvUrl => Link(null, "Csv");

    /// <summary>Where the page lives (links keep the filters).</summary>
    protected abstract string Path { get; }

    protected abstract string CsvFileName { get; }

    public abstract AuditQuery Query(int page);

    public string Link(int? page, string? handler = null) => AuditFormat.Link(Path, Query(1), page, handler);

    protected async Task LoadAsync()
    {
        var query = Query(PageNumber);
        Result = await Log.QueryAsync(query, HttpContext.RequestAborted);
        Names = await Log.NamesAsync(Result.Items, query.AcrossOrganizations, HttpContext.RequestAborted);
    }

    public Task ReloadAsync() => Task.CompletedTask;

    protected async Task<IActionResult> CsvAsync()
    {
        await CsvDownload.WriteAsync(Response, CsvFileName, w => Log.WriteCsvAsync(Query(1), w, HttpContext.RequestAborted));
        return new EmptyResult();
    }
}
