namespace Opbx.Domain.Pbx;

/// <summary>One organization's part in a redeploy: not done yet, succeeded (written where changed, loaded by Asterisk), or failed.</summary>
public enum RedeployResultStatus { Pending, Succeeded, Failed }
