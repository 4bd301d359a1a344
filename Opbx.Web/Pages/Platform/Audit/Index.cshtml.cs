using Microsoft.AspNetCore.Mvc;
using Opbx.Domain.Audit;
using Opbx.Pages.Shared;

namespace Opbx.Pages.Platform.Audit;

/// <summary>Every audit entry of the platform, for platform managers.</summary>
public sealed class IndexModel(AuditLog log) : AuditPageModel(log)
{
    /// <summary>An organization's name (or part of it); a link from a row gives its id, shown as its name.</summary>
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }

    protected override string Path => "/Platform/Audit";

    protected override string CsvFileName => $"opbx-audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";

    public override AuditQuery Query(int page) => new(Actor, Action, Target, From, To, null, page, 50, Org, AcrossOrganizations: true);

    public async Task OnGetAsync()
    {
        if (Guid.TryParse(Org, out var id)) Org = await Log.OrganizationNameAsync(id, HttpContext.RequestAborted) ?? Org;
        await LoadAsync();
    }

    public Task<IActionResult> OnGetCsvAsync() => CsvAsync();
}
