namespace Opbx.Api;

/// <summary>The answer to deleting something others pointed at: what pointed at it (numbers and fallbacks now hang up, routes dropped it).</summary>
public sealed record RemovedDto(IReadOnlyList<string> WasUsedBy);
