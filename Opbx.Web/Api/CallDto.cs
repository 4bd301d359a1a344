namespace Opbx.Api;

/// <summary>A call: who called whom first, its outcome (answered if any leg was), the longest billed leg, and every leg.</summary>
public sealed record CallDto(string LinkedId, DateTimeOffset StartedAt, string Direction, string Disposition, string Source, string Destination,
    int BillSeconds, IReadOnlyList<CallLegDto> Legs);
