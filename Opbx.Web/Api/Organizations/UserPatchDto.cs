namespace Opbx.Api;

public sealed record UserPatchDto(string? Name, string? Email, string? Role, string? Status, string? Extension);
