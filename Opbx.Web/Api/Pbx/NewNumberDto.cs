namespace Opbx.Api;

/// <summary>The body of POST /api/v1/numbers: a number for the inventory (E.164), arriving on a shared trunk or none yet.</summary>
public sealed record NewNumberDto(string? Number, Guid? TrunkId);
