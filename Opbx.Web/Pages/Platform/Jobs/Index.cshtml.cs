using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Calls;
using Opbx.Jobs;
using Opbx.Web;
using Opbx.Web.Forms;
using Quartz;
using Quartz.Extensibility;

namespace Opbx.Pages.Platform.Jobs;

/// <summary>
/// Recent job runs from Quartz's execution history (kept in its SQLite store), and retention: "Run now" with the progress of
/// the latest run (polled every 2 s while it runs; leaving the page does not stop it) and each organization's recent runs.
/// </summary>
public sealed class IndexModel(ISchedulerFactory schedulers, IExecutionHistoryStore history, RetentionSweeps sweeps, RetentionRunNow runNow,
    CurrentUser current) : PageModel
{
    public IReadOnlyList<ExecutionHistoryEntry> Runs { get; private set; } = [];
    /// <summary>The latest retention run over every organization (running or finished).</summary>
    public RetentionSweep? Retention { get; private set; }
    public IReadOnlyList<RetentionRunRow> RetentionRuns { get; private set; } = [];
    /// <summary>Set when "Run now" was refused because a run was under way.</summary>
    public string? Refused { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
    }

    /// <summary>"Run now": claims the running slot and starts the retention job in the background, or says one is running (409).</summary>
    public async Task<IActionResult> OnPostRetentionAsync()
    {
        var sweep = await runNow.StartAsync(current.AsPlatformManager, HttpContext.RequestAborted);
        if (sweep is null)
        {
            Refused = RetentionSweeps.AlreadyRunning;
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync();
            return Page();
        }
        TempData.Success($"Retention started over {sweep.OrganizationsTotal:N0} organizations. You may leave this page: it goes on.");
        return Redirect("/Platform/Jobs#retention");
    }

    /// <summary>The polled progress of the latest retention run.</summary>
    public async Task<IActionResult> OnGetRetentionAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Retention = await sweeps.LatestAsync(HttpContext.RequestAborted);
        // The panel polls only while a run goes on: a poll that finds it finished reloads the page, so the list of runs below
        // shows the run's organizations too (the panel alone would say "Succeeded" above a list without them).
        if (Request.IsHtmx() && Retention is not { IsRunning: true }) Response.Headers["HX-Refresh"] = "true";
        return Partial("_Retention", this);
    }

    private async Task LoadAsync()
    {
        Retention = await sweeps.LatestAsync(HttpContext.RequestAborted);
        RetentionRuns = await sweeps.RecentAsync(ct: HttpContext.RequestAborted);
        var scheduler = await schedulers.GetScheduler(HttpContext.RequestAborted);
        var page = await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, Take = 100 }, HttpContext.RequestAborted);
        Runs = page.Items;
    }

    public string Describe(ExecutionHistoryEntry run) => run.JobGroup switch
    {
        SendEmailJob.Group => "Send e-mail",
        DeployJob.Group => run.JobName == DeployJob.KeyFor(null).Name ? "Deploy (platform)" : "Deploy (organization)",
        _ when run.JobName == NightlyMaintenanceJob.Key.Name => "Nightly maintenance",
        _ when run.JobName == RetentionJob.Key.Name => "Retention (call records and recordings)",
        _ when run.JobName == UsageJob.Key.Name => "Usage, alerts and hard limits",
        _ => run.JobName,
    };

    /// <summary>Bytes in the unit a person reads (1,536 → 1.5 KB).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes:N0} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
    };

    public static string Took(long milliseconds) => milliseconds < 1000 ? $"{milliseconds:N0} ms" : $"{milliseconds / 1000.0:N1} s";
}
