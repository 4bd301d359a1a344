namespace Opbx.Api;

public sealed record ContactInfoDto(string? Email, string? Phone);
