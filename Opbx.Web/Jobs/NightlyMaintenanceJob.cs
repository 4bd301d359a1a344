using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// Nightly: scheduled member deletions, old session records, then fresh table statistics for the query planner and a
/// merged search index. Failures are thrown to the scheduler, which records them on the jobs page.
/// </summary>
public sealed class NightlyMaintenanceJob(ScheduledDeletions deletions, AccountSessions sessions, OpbxDb db, AuditActor audit, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("nightly-maintenance", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        audit.Set("job: nightly maintenance", null, AuditSource.Job);
        var deleted = await deletions.RunAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        var forgotten = await sessions.PruneAsync(cancellationToken);
        await PlannerStatistics.RefreshAsync(db, cancellationToken);
        await SearchIndex.MergeAsync(db, cancellationToken);
        context.Result = $"Deleted {deleted} members whose scheduled deletion day had come; forgot {forgotten} ended sessions; table statistics refreshed; search index merged.";
    }
}
