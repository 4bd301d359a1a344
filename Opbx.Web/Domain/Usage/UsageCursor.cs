namespace Opbx.Domain.Usage;

/// <summary>The last call record (by Id) counted into <see cref="MonthlyUsage"/>. One row.</summary>
public sealed class UsageCursor
{
    public int Id { get; set; } = 1;
    public long LastCallRecordId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
