using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>A number the organization holds: the trunk it arrives on (none: not routed) and its destination.</summary>
public sealed record PbxDid(Guid Id, E164 Number, Guid? TrunkId, Destination Destination);
