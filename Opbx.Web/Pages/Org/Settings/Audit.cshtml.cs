using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Pages.Platform.Audit;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Settings;

/// <summary>The organization's own audit entries (the data layer's organization filter decides which).</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class AuditModel(AuditLog log, OrgContext org) : PageModel, IReloadablePage
{
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

    public AuditQuery Query(int page) => new(Actor, Action, Target, From, To, null, page, 50);

    public async Task OnGetAsync()
    {
        Result = await log.QueryAsync(Query(PageNumber), HttpContext.RequestAborted);
        Names = await log.NamesAsync(Result.Items, HttpContext.RequestAborted);
    }

    public Task ReloadAsync() => Task.CompletedTask;

    public async Task<IActionResult> OnGetCsvAsync()
    {
        await CsvDownload.WriteAsync(Response, $"{org.Organization!.Slug}-audit-{DateTime.UtcNow:yyyyMMdd}.csv", w => log.WriteCsvAsync(Query(1), w, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    public string Link(int? page, string? handler = null) => AuditFormat.Link(org.Path("/Settings/Audit"), Query(1), page, handler);
}
