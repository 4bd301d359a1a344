namespace Opbx.Api;

public sealed record NewUserDto(string? Name, string? Email, string? Role, string? Extension, string? Password, bool? MustChangePassword);
