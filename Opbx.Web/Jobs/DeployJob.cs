using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Quartz;

namespace Opbx.Jobs;

/// <summary>
/// Runs the queued deploy of one organization, or of the platform (see <see cref="DeployRunner"/>). One job per
/// organization, never two runs of it at once; each queued deploy brings one trigger, and a run that finds nothing
/// queued (its saves joined an earlier run) does nothing. A failed deploy is recorded on the deploy and thrown to the
/// scheduler, so the jobs page shows it too.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DeployJob(DeployRunner runner, AuditActor audit) : IJob
{
    public const string Group = "deploy";
    /// <summary>Job data: the organization's id, empty for the platform.</summary>
    public const string OrganizationData = "organization";
    /// <summary>Trigger data of a run that tries a claim again: how many claims in a row found the database busy.</summary>
    public const string BusyClaimsData = "busy-claims";

    public static JobKey KeyFor(Guid? organizationId) => new(organizationId is { } id ? $"organization-{id:N}" : "platform", Group);

    public static TriggerKey TriggerFor(Guid deployId) => new($"deploy-{deployId:N}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        audit.Set("job: deploy", null, AuditSource.Job);
        Guid? organizationId = Guid.TryParse(context.MergedJobDataMap.GetString(OrganizationData), out var id) ? id : null;
        var busyClaims = int.TryParse(context.MergedJobDataMap.GetString(BusyClaimsData), out var busy) ? busy : 0;
        var deploy = await runner.RunAsync(organizationId, busyClaims, cancellationToken);
        if (deploy is null)
        {
            context.Result = "No deploy started: nothing was queued (an earlier run deployed these saves), or the database was busy and the deploy is tried again shortly.";
            return;
        }
        context.Result = $"Deploy {deploy.Id}: {Names.Of(deploy.Status)}. {deploy.Summary}";
        if (deploy.Status == DeployStatus.Failed) throw new InvalidOperationException($"Deploy {deploy.Id} failed: {deploy.Failure}");
    }
}
