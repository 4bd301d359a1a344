using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Live;
using Opbx.Domain.Organizations;

namespace Opbx.Pages.Platform;

public sealed class IndexModel(PlatformDashboard dashboard, AsteriskMonitor asterisk) : PageModel
{
    public PlatformStats Stats { get; private set; } = null!;
    public PlatformCalls Calls { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Stats = await dashboard.ReadAsync(HttpContext.RequestAborted);
        Calls = await CallsAsync(withCount: false);
    }

    /// <summary>The polled panel of calls per organization (with the total above it, out of band).</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        Response.Headers.CacheControl = "no-store";
        return Partial("_PlatformCalls", await CallsAsync(withCount: true));
    }

    private async Task<PlatformCalls> CallsAsync(bool withCount)
    {
        var snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        var byCode = snapshot.CallsByAccountCode();
        var organizations = await dashboard.ByKeyAsync(byCode.Select(c => c.AccountCode).Where(c => c.Length > 0).ToList(), HttpContext.RequestAborted);
        var rows = byCode.Select(c => organizations.TryGetValue(c.AccountCode, out var o)
            ? new OrganizationCalls(o.Id, o.Name, c.AccountCode, c.Calls)
            : new OrganizationCalls(null, c.AccountCode.Length > 0 ? $"No organization (account code {c.AccountCode})" : "No account code", c.AccountCode, c.Calls)).ToList();
        return new PlatformCalls(snapshot, rows, "/Platform?handler=Live", withCount);
    }
}
