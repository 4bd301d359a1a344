using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// Nightly (and "Run now" on the jobs page): each organization's call records and recordings past their retention are deleted
/// (<see cref="RetentionService"/>). Each organization's run is recorded; the result line sums them for the jobs page.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionService retention, AuditActor audit) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");
    /// <summary>Job data: the platform manager who pressed "Run now" (absent for the nightly run).</summary>
    public const string StartedBy = "started-by";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var by = context.MergedJobDataMap.TryGetString(StartedBy, out var name) && !string.IsNullOrEmpty(name) ? name : "nightly";
        audit.Set(by == "nightly" ? "job: retention" : $"job: retention (run now by {by})", null, AuditSource.Job);
        var runs = await retention.RunAsync(by, cancellationToken);
        context.Result = $"Retention: {runs.Sum(r => r.CallRecordsDeleted)} call records and {runs.Sum(r => r.RecordingsDeleted + r.OrphanFilesDeleted)} " +
            $"recordings deleted ({runs.Sum(r => r.BytesFreed):N0} bytes) in {runs.Count} organizations.";
    }
}
