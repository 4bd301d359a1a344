using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Usage;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// Every few minutes: counts the new call records into each organization's month, then sends the usage alerts that are due and
/// sets or clears the hard-limit blocks (<see cref="UsageService"/>).
/// </summary>
[DisallowConcurrentExecution]
public sealed class UsageJob(UsageService usage, AuditActor audit) : IJob
{
    public static readonly JobKey Key = new("usage", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        audit.Set("job: usage", null, AuditSource.Job);
        var counted = await usage.TallyAsync(cancellationToken);
        var mails = await usage.CheckAsync(cancellationToken);
        context.Result = $"Counted {counted} call records into monthly usage; queued {mails} usage alert e-mails.";
    }
}
