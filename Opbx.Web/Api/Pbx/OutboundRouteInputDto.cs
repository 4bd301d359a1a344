namespace Opbx.Api;

/// <summary>
/// The body of POST and PATCH /api/v1/outbound-routes: patterns (Asterisk pattern syntax, validated), trunks in the order
/// they are tried, <c>caller_id_did_id</c> one of the organization's numbers. PATCH: omitted fields keep their value.
/// </summary>
public sealed record OutboundRouteInputDto(string? Name, List<DialPatternDto>? Patterns, List<Guid>? TrunkIds, Guid? CallerIdDidId);
