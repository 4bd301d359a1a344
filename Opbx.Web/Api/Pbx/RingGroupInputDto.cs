namespace Opbx.Api;

/// <summary>
/// The body of POST and PATCH /api/v1/ring-groups. <c>strategy</c>: simultaneous, sequential or round_robin;
/// <c>member_ids</c>: extension ids in ringing order; no fallback means hang up. PATCH: omitted fields keep their value.
/// </summary>
public sealed record RingGroupInputDto(string? Number, string? Name, string? Strategy, int? RingSeconds, List<Guid>? MemberIds, DestinationDto? Fallback);
