namespace Opbx.Domain.Pbx;

/// <summary>A redeploy of every organization: running, then succeeded (every organization did) or failed (any did not, or the run broke off).</summary>
public enum RedeployStatus { Running, Succeeded, Failed }

/// <summary>One organization's part in a redeploy: not done yet, succeeded (written where changed, loaded by Asterisk), or failed.</summary>
public enum RedeployResultStatus { Pending, Succeeded, Failed }
