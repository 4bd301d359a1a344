using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>A queue; <see cref="Members"/> are extension ids in order (the linear strategy's order).</summary>
public sealed record PbxQueue(Guid Id, ExtensionNumber Number, QueueStrategy Strategy, int MemberTimeoutSeconds, int MaxWaitSeconds,
    IReadOnlyList<Guid> Members, Destination Fallback);
