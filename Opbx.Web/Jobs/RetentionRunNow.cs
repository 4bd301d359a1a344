using Opbx.Domain;
using Opbx.Domain.Calls;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// "Run now" on the jobs page: claims the one running retention run (refused while one runs) and hands it to
/// <see cref="RetentionJob"/>, which deletes in the background; the request only waits for the claim.
/// </summary>
public sealed class RetentionRunNow(RetentionSweeps sweeps, ISchedulerFactory schedulers)
{
    /// <summary>The started run, or null when one was already running (nothing started then).</summary>
    public async Task<RetentionSweep?> StartAsync(Actor actor, CancellationToken ct = default)
    {
        var sweep = await sweeps.StartAsync(actor, ct);
        if (sweep is null) return null;
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.TriggerJob(RetentionJob.Key, new JobDataMap
            {
                [RetentionJob.SweepData] = sweep.Id.ToString(),
                [RetentionJob.StartedBy] = sweep.StartedBy,
            }, ct);
        }
        catch (Exception e)
        {
            // Not left "running" for ever: the slot is freed and the run says why it never started.
            await sweeps.FinishAsync(sweep.Id, $"The job could not be started: {e.Message}", CancellationToken.None);
            throw;
        }
        return sweep;
    }
}
