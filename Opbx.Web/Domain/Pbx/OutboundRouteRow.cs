namespace Opbx.Domain.Pbx;

/// <summary>An outbound route with its patterns and trunks in order.</summary>
public sealed record OutboundRouteRow(Guid Id, string Name, int Position, IReadOnlyList<DialPatternInput> Patterns, IReadOnlyList<Guid> TrunkIds,
    IReadOnlyList<string> TrunkNames, Guid? CallerIdDidId, string? CallerId);
