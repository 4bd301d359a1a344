namespace Opbx.Api;

/// <summary>One call record (an Asterisk CDR): unique_id + sequence name it; caller and callee are the organization's members, when they were.</summary>
public sealed record CallLegDto(long Id, string UniqueId, int Sequence, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt,
    int DurationSeconds, int BillSeconds, string Disposition, string Direction, string Source, string Destination, string? Caller, string? Callee,
    string? RecordingFile);
