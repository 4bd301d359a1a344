using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>An outbound route: patterns, trunk ids in failover order, and the caller ID (one of the organization's numbers, or none).</summary>
public sealed record PbxOutboundRoute(Guid Id, IReadOnlyList<PbxDialPattern> Patterns, IReadOnlyList<Guid> TrunkIds, E164? CallerId);
