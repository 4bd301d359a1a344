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

    public static JobKey KeyFor(Guid? organizationId) => new(organizationId is { } id ? $"organization-{id:N}" : "platform", Group);

    public static TriggerKey TriggerFor(Guid deployId) => new($"deploy-{deployId:N}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        audit.Set("job: deploy", null, AuditSource.Job);
        Guid? organizationId = Guid.TryParse(context.MergedJobDataMap.GetString(OrganizationData), out var id) ? id : null;
        var deploy = await runner.RunAsync(organizationId, cancellationToken);
        if (deploy is null)
        {
            context.Result = "Nothing queued: an earlier run deployed these saves.";
            return;
        }
        context.Result = $"Deploy {deploy.Id}: {Names.Of(deploy.Status)}. {deploy.Summary}";
        if (deploy.Status == DeployStatus.Failed) throw new InvalidOperationException($"Deploy {deploy.Id} failed: {deploy.Failure}");
    }
}
