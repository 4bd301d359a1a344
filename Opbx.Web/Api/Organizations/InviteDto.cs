namespace Opbx.Api;

public sealed record InviteDto(string? Name, string? Email, string? Role, string? Extension);
