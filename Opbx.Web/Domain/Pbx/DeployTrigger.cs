namespace Opbx.Domain.Pbx;

/// <summary>What asked for a deploy: a save, "Deploy now", Opbx starting, "Redeploy all", a rollback by hand, a retry of a failed deploy.</summary>
public enum DeployTrigger { Save, DeployNow, Startup, RedeployAll, Rollback, Retry }
