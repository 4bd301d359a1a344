using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// A trunk as Asterisk gets it; <see cref="Password"/> in clear (the carrier's challenge realm is not known in advance, so no
/// digest can be precomputed). <see cref="Match"/>: the addresses and networks its calls come from.
/// </summary>
public sealed record PbxTrunk(Guid Id, bool Shared, string Host, int Port, TrunkTransport Transport, string? Username, string? Password,
    bool Register, IReadOnlyList<string> Match, int MaxChannels);
