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
public sealed class IndexModel(AuditLog log, TenantContext tenant) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    /// <summary>An organization's name (or part of it); a link from a row gives its id, shown as its name.</summary>
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    /// <summary>Empty until a query ran (a refused filter shows no entries, only what to fix).</summary>
    public Paged<AuditEntry> Result { get; private set; } = new([], 0, 1, 50);
    public AuditNames Names { get; private set; } = new(new Dictionary<Guid, string>());
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("entry", "entries"), "#results", p => Link(p));
    public string CsvUrl => Link(null, "Csv");

    public AuditQuery Query(int page) => new(Actor, Action, Target, From, To, null, page, 50, Org);

    public async Task OnGetAsync()
    {
        using var _ = tenant.AcrossOrganizations();
        if (Guid.TryParse(Org, out var id)) Org = await log.OrganizationNameAsync(id, HttpContext.RequestAborted) ?? Org;
        Result = await log.QueryAsync(Query(PageNumber), HttpContext.RequestAborted);
        Names = await log.NamesAsync(Result.Items, HttpContext.RequestAborted);
    }

    public Task ReloadAsync() => Task.CompletedTask;

    public async Task<IActionResult> OnGetCsvAsync()
    {
        using var _ = tenant.AcrossOrganizations();
        await CsvDownload.WriteAsync(Response, $"opbx-audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv", w => log.WriteCsvAsync(Query(1), w, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    private string Link(int? page, string? handler = null) => AuditFormat.Link("/Platform/Audit", Query(1), page, handler);
}
