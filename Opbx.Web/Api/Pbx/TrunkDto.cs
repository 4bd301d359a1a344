namespace Opbx.Api;

/// <summary>
/// A trunk. Never carries the password (<c>has_password</c> says whether one is set). Inside an organization, a shared
/// trunk shows its name only: host, username and inbound match are the provider's.
/// </summary>
public sealed record TrunkDto(Guid Id, string Name, bool Shared, string? Host, int Port, string Transport, string? Username, bool HasPassword,
    bool Register, IReadOnlyList<string> InboundMatch, int MaxChannels);
