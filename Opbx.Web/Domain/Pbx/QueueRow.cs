namespace Opbx.Domain.Pbx;

/// <summary>A queue with its members' extension numbers in order.</summary>
public sealed record QueueRow(Guid Id, string Number, string Name, QueueStrategy Strategy, int MemberTimeoutSeconds, int MaxWaitSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, Destination Fallback);
