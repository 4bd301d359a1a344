using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Opbx.Asterisk.Live;
using Opbx.Asterisk.Redeploy;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Platform.Asterisk;

/// <summary>
/// The platform's Asterisk: whether Opbx reaches it over AMI, its version, how long it has run, its last reload, the
/// phones and calls it holds now (refreshed every 5 s), the reloads Opbx's deploys asked for, and "Redeploy all" with the
/// progress of the latest run (refreshed every 2 s while it runs; leaving the page does not stop it).
/// </summary>
public sealed class IndexModel(AsteriskMonitor asterisk, RecentReloads reloads, RedeployAll redeploy, CurrentUser current, IOptions<OpbxOptions> options) : PageModel
{
    public const int ResultsPerPage = 200;

    public RedeployRun? Run { get; private set; }
    public IReadOnlyList<RedeployResult> Results { get; private set; } = [];
    /// <summary>How many results the filter matches in all (the pager's total).</summary>
    public int ResultCount { get; private set; }

    /// <summary>Only the organizations whose redeploy failed.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Failed { get; set; }

    /// <summary>The page of results ("results" in the query: "page" is Razor Pages' own route value), from 1 (anything else reads as 1).</summary>
    [BindProperty(SupportsGet = true, Name = "results")]
    public int ResultPage { get; set; } = 1;

    public int Pages { get; private set; } = 1;

    /// <summary>The address of the results with this filter at <paramref name="page"/>; the partial with <paramref name="partial"/>.</summary>
    public string ResultsUrl(bool failed, int page, bool partial) =>
        "/Platform/Asterisk?" + (partial ? "handler=Redeploy&" : "") + (failed ? "failed=true&" : "") + $"results={page}" + (partial ? "" : "#redeploy");

    public AsteriskSnapshot Snapshot { get; private set; } = AsteriskSnapshot.NotConfigured;
    public IReadOnlyList<RecentReload> Reloads { get; private set; } = [];
    /// <summary>host:port of the AMI, or null when none is configured.</summary>
    public string? AmiAddress => options.Value.Asterisk.Ami is { IsConfigured: true } ami ? $"{ami.Host}:{ami.Port}" : null;

    public async Task OnGetAsync()
    {
        Snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        Reloads = await reloads.LatestAsync(ct: HttpContext.RequestAborted);
        await LoadRunAsync();
    }

    /// <summary>Starts a redeploy of every organization (or shows the one still running).</summary>
    public async Task<IActionResult> OnPostRedeployAsync()
    {
        var run = await redeploy.StartAsync(current.AsPlatformManager, HttpContext.RequestAborted);
        TempData.Success(run.Total == 0 ? "There is no organization to redeploy." : $"Redeploying {run.Total:N0} organizations.");
        return Redirect("/Platform/Asterisk#redeploy");
    }

    /// <summary>The polled progress of the latest redeploy.</summary>
    public async Task<IActionResult> OnGetRedeployAsync()
    {
        Response.Headers.CacheControl = "no-store";
        await LoadRunAsync();
        return Partial("_Redeploy", this);
    }

    private async Task LoadRunAsync()
    {
        Run = await redeploy.LatestAsync(HttpContext.RequestAborted);
        // Results once there are any to show: while a run renders, the counts say enough.
        if (Run is not { IsRunning: false }) return;
        var found = await redeploy.ResultsAsync(Run.Id, Failed, ResultPage, ResultsPerPage, HttpContext.RequestAborted);
        (Results, ResultCount, ResultPage, Pages) = (found.Items, found.Total, found.Page, found.Pages);
    }

    /// <summary>The polled status panel.</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Snapshot = await asterisk.ReadAsync(HttpContext.RequestAborted);
        return Partial("_Status", this);
    }
}
