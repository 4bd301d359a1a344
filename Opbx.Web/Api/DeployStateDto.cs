namespace Opbx.Api;

/// <summary>
/// How the organization deploys: auto-deploy on or off, paused since a rollback by hand (until "Deploy now"), the saves
/// waiting for "Deploy now", files edited by hand in the config folder, and what a deploy would change now.
/// </summary>
public sealed record DeployStateDto(bool AutoDeploy, DateTimeOffset? PausedSince, int PendingChanges, IReadOnlyList<string> FilesDrifted,
    IReadOnlyList<FileDiffDto> Preview);
