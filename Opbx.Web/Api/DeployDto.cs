namespace Opbx.Api;

/// <summary>
/// A deploy as the API shows it; times in UTC, the duration once it finished. <see cref="Diff"/> (what it changed, file by
/// file, against the deploy before it) only on <c>GET /config/deploys/{id}</c>, and null there once its file set is pruned.
/// </summary>
public sealed record DeployDto(Guid Id, string Trigger, string RequestedBy, int Requests, string Status, DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, IReadOnlyList<string> FilesWritten, IReadOnlyList<string> FilesDeleted,
    IReadOnlyList<string> ModulesReloaded, bool ReloadSkipped, string? Summary, string? Failure, string? AsteriskErrors,
    IReadOnlyList<string> FilesDrifted, Guid? RollbackOf, int Attempts, IReadOnlyList<FileDiffDto>? Diff = null);
