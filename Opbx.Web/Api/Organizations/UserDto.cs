namespace Opbx.Api;

public sealed record UserDto(Guid Id, Guid AccountId, string Name, string Email, string Role, string Status, string? Extension,
    bool ExtensionLive, DateTimeOffset? LastLoginAt, DateOnly? DeleteOn);
