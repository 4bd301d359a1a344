namespace Opbx.Api;

/// <summary>An outbound route: patterns and trunks in order, the caller ID one of the organization's numbers.</summary>
public sealed record OutboundRouteDto(Guid Id, string Name, int Position, IReadOnlyList<DialPatternDto> Patterns, IReadOnlyList<Guid> TrunkIds,
    IReadOnlyList<string> TrunkNames, Guid? CallerIdDidId, string? CallerId);
