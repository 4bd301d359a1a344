using Opbx.Asterisk.Redeploy;
using Opbx.Data;
using Opbx.Domain;
using Quartz;

namespace Opbx.Jobs;

/// <summary>Runs a "Redeploy all" (see <see cref="RedeployAll"/>); one at a time. A run that failed as a whole is thrown to the scheduler, so the jobs page shows it.</summary>
[DisallowConcurrentExecution]
public sealed class RedeployAllJob(RedeployAll redeploy, AuditActor audit) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        audit.Set("job: redeploy all", null, AuditSource.Job);
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(RedeployAll.RunData), out var runId)) return;
        await redeploy.RunAsync(runId, cancellationToken);
        context.Result = $"Redeploy {runId} finished.";
    }
}
