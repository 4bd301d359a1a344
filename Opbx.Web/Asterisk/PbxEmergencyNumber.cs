using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>An emergency number: its caller ID and trunk ids in failover order.</summary>
public sealed record PbxEmergencyNumber(Guid Id, ExtensionNumber Number, E164? CallerId, IReadOnlyList<Guid> TrunkIds);
