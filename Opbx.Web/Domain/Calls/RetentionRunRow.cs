namespace Opbx.Domain.Calls;

/// <summary>One organization's share of a retention run, as the jobs page lists it.</summary>
public sealed record RetentionRunRow(DateTimeOffset StartedAt, RetentionTrigger Trigger, string StartedBy, Guid OrganizationId, string OrganizationName,
    int CallRecordsDeleted, int RecordingsDeleted, long BytesFreed, long DurationMilliseconds, string? Failure)
{
    public bool Succeeded => Failure is null;
}
