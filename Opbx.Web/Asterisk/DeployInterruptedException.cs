namespace Opbx.Asterisk;

/// <summary>
/// A deploy taken into another deploy's batch (<see cref="AsteriskDeployer"/>) that ended because that other deploy was
/// stopped (Opbx stopping, or its time bound reached), not because of anything of its own.
/// </summary>
public sealed class DeployInterruptedException(string message, Exception inner) : Exception(message, inner);
