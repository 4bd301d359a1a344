namespace Opbx.Api;

/// <summary>A deploy as the API shows it; times in UTC, the duration once it finished.</summary>
public sealed record DeployDto(Guid Id, string Trigger, string RequestedBy, int Requests, string Status, DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, IReadOnlyList<string> FilesWritten, IReadOnlyList<string> FilesDeleted,
    IReadOnlyList<string> ModulesReloaded, bool ReloadSkipped, string? Summary, string? Failure);
