using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// Nightly (and "Run now" on the jobs page): each organization's call records and recordings past their retention are deleted
/// (<see cref="RetentionService"/>). Each run holds the one running <see cref="RetentionSweep"/>: "Run now" claims it before
/// triggering this job (and passes its id); the nightly trigger claims it here, and skips when a manual run holds it. Each
/// organization's run is recorded; the result line sums them for the jobs page. A failure reaches the scheduler.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionService retention, RetentionSweeps sweeps, AuditActor audit) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");
    /// <summary>Job data: the platform manager who pressed "Run now" (absent for the nightly run).</summary>
    public const string StartedBy = "started-by";
    /// <summary>Job data: the run "Run now" claimed (absent for the nightly run, which claims its own).</summary>
    public const string SweepData = "sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var by = context.MergedJobDataMap.TryGetString(StartedBy, out var name) && !string.IsNullOrEmpty(name) ? name : "nightly";
        audit.Set(by == "nightly" ? "job: retention" : $"job: retention (run now by {by})", null, AuditSource.Job);
        RetentionSweep? sweep;
        if (context.MergedJobDataMap.TryGetString(SweepData, out var claimed) && Guid.TryParse(claimed, out var id))
        {
            sweep = await sweeps.GetAsync(id, cancellationToken);
            if (sweep is not { IsRunning: true })
            {
                context.Result = "Retention: the run was no longer waiting (Opbx restarted); nothing done.";
                return;
            }
        }
        else if ((sweep = await sweeps.TryBeginAsync(RetentionTrigger.Nightly, by, cancellationToken)) is null)
        {
            context.Result = "Retention: a run started by hand was under way; this one was skipped.";
            return;
        }
        IReadOnlyList<RetentionRun> runs;
        try
        {
            runs = await retention.RunAsync(by, sweep.Id, cancellationToken);
        }
        catch (Exception e)
        {
            await sweeps.FinishAsync(sweep.Id, e is OperationCanceledException ? "Opbx stopped during the run." : e.Message, CancellationToken.None);
            throw;
        }
        await sweeps.FinishAsync(sweep.Id, null, CancellationToken.None);
        context.Result = $"Retention: {runs.Sum(r => r.CallRecordsDeleted)} call records and {runs.Sum(r => r.RecordingsDeleted + r.OrphanFilesDeleted)} " +
            $"recordings deleted ({runs.Sum(r => r.BytesFreed):N0} bytes) in {runs.Count} organizations.";
    }
}
