namespace Opbx.Domain.Calls;

/// <summary>One recorded call as the recordings page lists it.</summary>
public sealed record RecordingRow(long Id, DateTimeOffset StartedAt, CallDirection Direction, string Source, string Destination,
    string? CallerName, string? CalleeName, int BillSeconds, long Bytes);
