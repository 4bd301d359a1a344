namespace Opbx.Api;

/// <summary>A ring group with its members (extension ids and numbers) in ringing order.</summary>
public sealed record RingGroupDto(Guid Id, string Number, string Name, string Strategy, int RingSeconds, IReadOnlyList<Guid> MemberIds,
    IReadOnlyList<string> MemberNumbers, DestinationDto Fallback);
