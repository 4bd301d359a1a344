namespace Opbx.Api;

/// <summary>The body of POST and PATCH /api/v1/emergency-numbers (e.g. 112 or 911); PATCH: omitted fields keep their value.</summary>
public sealed record EmergencyNumberInputDto(string? Number, Guid? CallerIdDidId, List<Guid>? TrunkIds);
