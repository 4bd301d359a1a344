namespace Opbx.Domain.Pbx;

/// <summary>
/// A ring group with its members' extension numbers in order; <see cref="MemberCount"/> is how many it has (a list page reads
/// only the first few members, the API and the form all of them).
/// </summary>
public sealed record RingGroupRow(Guid Id, string Number, string Name, RingGroupStrategy Strategy, int RingSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, Destination Fallback, int MemberCount);
