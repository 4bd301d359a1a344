namespace Opbx.Api;

public sealed record LimitsDto(int? ConcurrentCalls, int? MonthlyMinutes, int? StorageGb);
