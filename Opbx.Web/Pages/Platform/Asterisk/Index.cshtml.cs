using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Opbx.Asterisk.Live;

namespace Opbx.Pages.Platform.Asterisk;

/// <summary>
/// The platform's Asterisk: whether Opbx reaches it over AMI, its version, how long it has run, its last reload, the
/// phones and calls it holds now (refreshed every 5 s), and the reloads Opbx's deploys asked for.
/// </summary>
public sealed class IndexModel(AsteriskMonitor asterisk, RecentReloads reloads, IOptions<OpbxOptions> options) : PageModel
{
    public AsteriskSnapshot Snapshot { get; private set; } = AsteriskSnapshot.NotConfigured;
    public IReadOnlyList<RecentReload> Reloads { get; private set; } = [];
    /// <summary>host:port of the AMI, or null when none is configured.</summary>
    public string? AmiAddress => options.Value.Asterisk.Ami is { IsConfigured: true } ami ? $"{ami.Host}:{ami.Port}" : null;

    public async Task OnGetAsync()
    {
        Snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        Reloads = await reloads.LatestAsync(ct: HttpContext.RequestAborted);
    }

    /// <summary>The polled status panel.</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        return Partial("_Status", this);
    }
}
