namespace Opbx.Domain.Calls;

/// <summary>One call record as shown and exported: numbers already masked when the reader may not see them.</summary>
public sealed record CallLeg(long Id, string UniqueId, int Sequence, string LinkedId, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt, int DurationSeconds, int BillSeconds, CallDisposition Disposition, CallDirection Direction,
    string Source, string Destination, string? CallerName, string? CalleeName, string? RecordingFile);
