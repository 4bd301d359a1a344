using Opbx.Domain.Pbx;

namespace Opbx.Web.Forms;

/// <summary>How the pages say a deploy's status and trigger, and colour its status.</summary>
public static class DeployText
{
    public static string Status(DeployStatus status) => status switch
    {
        DeployStatus.Queued => "queued",
        DeployStatus.Running => "running",
        DeployStatus.Succeeded => "succeeded",
        DeployStatus.WaitingForAsterisk => "waiting for Asterisk",
        DeployStatus.RolledBack => "rolled back",
        DeployStatus.Held => "waiting for Deploy now",
        _ => "failed",
    };

    public static string Trigger(DeployTrigger trigger) => trigger switch
    {
        DeployTrigger.Save => "save",
        DeployTrigger.DeployNow => "Deploy now",
        DeployTrigger.RedeployAll => "Redeploy all",
        DeployTrigger.Rollback => "rollback",
        DeployTrigger.Retry => "retry",
        _ => "start-up",
    };

    public static string Badge(DeployStatus status) => status switch
    {
        DeployStatus.Succeeded => "text-bg-success",
        DeployStatus.Failed => "text-bg-danger",
        DeployStatus.RolledBack => "text-bg-warning",
        DeployStatus.WaitingForAsterisk => "text-bg-warning",
        DeployStatus.Running => "text-bg-primary",
        _ => "text-bg-secondary",
    };
}
