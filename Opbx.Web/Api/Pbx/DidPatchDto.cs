namespace Opbx.Api;

/// <summary>The body of PATCH /api/v1/dids/{id}: the trunk it arrives on and where it rings (the number itself never changes); omitted fields keep their value.</summary>
public sealed record DidPatchDto(Guid? TrunkId, DestinationDto? Destination);
