namespace Opbx.Domain.Pbx;

/// <summary>A redeploy of every organization: running, then succeeded (every organization did) or failed (any did not, or the run broke off).</summary>
public enum RedeployStatus { Running, Succeeded, Failed }
