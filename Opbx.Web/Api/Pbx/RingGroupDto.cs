namespace Opbx.Api;

/// <summary>
/// A ring group with its members (extension ids and numbers) in ringing order: all of them when read alone, the first
/// <see cref="PbxApi.ListMembersShown"/> in a list; <c>member_count</c> counts them all.
/// </summary>
public sealed record RingGroupDto(Guid Id, string Number, string Name, string Strategy, int RingSeconds, IReadOnlyList<Guid> MemberIds,
    IReadOnlyList<string> MemberNumbers, int MemberCount, DestinationDto Fallback);
