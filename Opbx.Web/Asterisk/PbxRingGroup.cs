using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>A ring group; <see cref="Members"/> are extension ids in ringing order.</summary>
public sealed record PbxRingGroup(Guid Id, ExtensionNumber Number, RingGroupStrategy Strategy, int RingSeconds, IReadOnlyList<Guid> Members,
    Destination Fallback);
