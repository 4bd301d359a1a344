namespace Opbx.Api;

/// <summary>The body of PUT /api/v1/numbers/{id}/trunk: a shared trunk or one of the holder's own trunks; null for none.</summary>
public sealed record NumberTrunkDto(Guid? TrunkId);
