namespace Opbx.Api;

/// <summary>
/// The body of POST and PATCH /api/v1/queues. <c>strategy</c>: ringall, leastrecent, fewestcalls, random, rrmemory or linear;
/// no fallback means hang up. PATCH: omitted fields keep their value.
/// </summary>
public sealed record QueueInputDto(string? Number, string? Name, string? Strategy, int? MemberTimeoutSeconds, int? MaxWaitSeconds,
    List<Guid>? MemberIds, DestinationDto? Fallback);
