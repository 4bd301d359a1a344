namespace Opbx.Domain.Pbx;

/// <summary>
/// Queued (saves still join it), waiting for Asterisk (AMI unreachable: retried with backoff, saves join it), running,
/// then succeeded (Asterisk holds what was rendered, or no AMI: files written), failed, or rolled back (Asterisk refused
/// part of it and the previous files were restored). Held: the organization deploys by hand (or is paused after a
/// rollback), so saves collect here as pending changes until "Deploy now".
/// </summary>
public enum DeployStatus { Queued, Running, Succeeded, Failed, WaitingForAsterisk, RolledBack, Held }
