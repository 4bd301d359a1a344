namespace Opbx.Api;

public sealed record UsageDto(int Users, int ActiveUsers, int Extensions);
