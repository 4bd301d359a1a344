namespace Opbx.Api;

public sealed record OwnerDto(string? Name, string? Email);
