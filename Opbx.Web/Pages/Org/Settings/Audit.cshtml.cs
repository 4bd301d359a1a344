using Microsoft.AspNetCore.Mvc;
using Opbx.Domain.Audit;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Settings;

/// <summary>The organization's own audit entries (the data layer's organization filter decides which).</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class AuditModel(AuditLog log, OrgContext org) : AuditPageModel(log)
{
    protected override string Path => org.Path("/Settings/Audit");

    protected override string CsvFileName => $"{org.Organization!.Slug}-audit-{DateTime.UtcNow:yyyyMMdd}.csv";

    public override AuditQuery Query(int page) => new(Actor, Action, Target, From, To, null, page, 50);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnGetCsvAsync() => CsvAsync();
}
