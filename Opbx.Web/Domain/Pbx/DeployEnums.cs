namespace Opbx.Domain.Pbx;

/// <summary>Queued (saves still join it), running, then succeeded (Asterisk holds what was rendered, or no AMI: files written) or failed.</summary>
public enum DeployStatus { Queued, Running, Succeeded, Failed }

/// <summary>What asked for a deploy: a save that changed the configuration, "Deploy now", Opbx starting, or "Redeploy all".</summary>
public enum DeployTrigger { Save, DeployNow, Startup, RedeployAll }
