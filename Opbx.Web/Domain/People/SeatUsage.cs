namespace Opbx.Domain.People;

public sealed record SeatUsage(int Active, int Limit);
