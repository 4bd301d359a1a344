namespace Opbx.Api;

/// <summary>The body of POST /api/v1/dids: one of the organization's own numbers (E.164), on one of its own trunks, and where it rings.</summary>
public sealed record NewDidDto(string? Number, Guid? TrunkId, DestinationDto? Destination);
