namespace Opbx.Api;

/// <summary>A queue with its members (extension ids and numbers) in order.</summary>
public sealed record QueueDto(Guid Id, string Number, string Name, string Strategy, int MemberTimeoutSeconds, int MaxWaitSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, DestinationDto Fallback);
