namespace Opbx.Domain.Pbx;

/// <summary>
/// A queue with its members' extension numbers in order; <see cref="MemberCount"/> is how many it has (a list page reads
/// only the first few members, the API and the form all of them).
/// </summary>
public sealed record QueueRow(Guid Id, string Number, string Name, QueueStrategy Strategy, int MemberTimeoutSeconds, int MaxWaitSeconds,
    IReadOnlyList<Guid> MemberIds, IReadOnlyList<string> MemberNumbers, Destination Fallback, int MemberCount);
