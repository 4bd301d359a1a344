using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Jobs;
using Quartz;
using Quartz.Extensibility;

namespace Opbx.Pages.Platform.Jobs;

/// <summary>Recent job runs from Quartz's execution history (kept in its SQLite store).</summary>
public sealed class IndexModel(ISchedulerFactory schedulers, IExecutionHistoryStore history) : PageModel
{
    public IReadOnlyList<ExecutionHistoryEntry> Runs { get; private set; } = [];

    public async Task OnGetAsync()
    {
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
}
