namespace Opbx.Api;

/// <summary>
/// The body of POST and PATCH for trunks. <c>transport</c>: udp, tcp or tls; <c>inbound_match</c>: the carrier's addresses
/// or networks; <c>max_channels</c> 0: no limit. PATCH: omitted fields keep their value (an omitted or empty password keeps it).
/// </summary>
public sealed record TrunkInputDto(string? Name, string? Host, int? Port, string? Transport, string? Username, string? Password, bool? Register,
    List<string>? InboundMatch, int? MaxChannels);
