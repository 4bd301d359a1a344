namespace Opbx.Asterisk.Deploys;

/// <summary>
/// How an organization deploys right now: by hand (<see cref="ManualDeploys"/>), paused since a rollback by hand
/// (<see cref="PausedAt"/>, until the next "Deploy now"), how many saves wait for "Deploy now", and the files in the
/// config folder that were edited by hand since Opbx wrote them (the next deploy overwrites them).
/// </summary>
public sealed record DeployState(bool ManualDeploys, DateTimeOffset? PausedAt, int PendingChanges, IReadOnlyList<string> Drifted)
{
    public bool Holds => ManualDeploys || PausedAt is not null;
}
