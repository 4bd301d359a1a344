using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Platform.Audit;

/// <summary>Every audit entry of the platform, for platform managers.</summary>
public sealed class IndexModel(AuditLog log, TenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Org { get; set; }
    // From the query only: Razor Pages' own route value "page" (the page's path) would otherwise be bound first.
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditEntry> Result { get; private set; } = null!;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("entry", "entries"), "#results", p => Link(p));
    public string CsvUrl => Link(null, "Csv");

    private AuditQuery Query(int page) => new(Actor, Action, Target, From, To, Org, page, 50);

    public async Task OnGetAsync()
    {
        using var _ = tenant.AcrossOrganizations();
        Result = await log.QueryAsync(Query(PageNumber), HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        using var _ = tenant.AcrossOrganizations();
        await CsvDownload.WriteAsync(Response, $"opbx-audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv", w => log.WriteCsvAsync(Query(1), w, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    private string Link(int? page, string? handler = null) => AuditFormat.Link("/Platform/Audit", Query(1), page, handler);
}
