namespace Opbx.Api;

/// <summary>
/// A queue with its members (extension ids and numbers) in order: all of them when read alone, the first
/// <see cref="PbxApi.ListMembersShown"/> in a list; <c>member_count</c> counts them all.
/// </summary>
public sealed record QueueDto(Guid Id, string Number, string Name, string Strategy, int MemberTimeoutSeconds, int MaxWaitSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, int MemberCount, DestinationDto Fallback);
