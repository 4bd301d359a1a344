namespace Opbx.Api;

/// <summary>An emergency number: never refused by the call limit or suspension; its own caller ID and trunks in order.</summary>
public sealed record EmergencyNumberDto(Guid Id, string Number, Guid? CallerIdDidId, string? CallerId, IReadOnlyList<Guid> TrunkIds,
    IReadOnlyList<string> TrunkNames);
