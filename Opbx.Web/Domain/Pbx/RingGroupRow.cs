namespace Opbx.Domain.Pbx;

/// <summary>A ring group with its members' extension numbers in order.</summary>
public sealed record RingGroupRow(Guid Id, string Number, string Name, RingGroupStrategy Strategy, int RingSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, Destination Fallback);
