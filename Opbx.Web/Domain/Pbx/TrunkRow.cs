namespace Opbx.Domain.Pbx;

/// <summary>A trunk in the list. Inside an organization, a shared trunk shows its name only: the carrier account is the provider's.</summary>
public sealed record TrunkRow(Guid Id, string Name, bool Shared, string? Host, int Port, TrunkTransport Transport, string? Username,
    bool HasPassword, bool Register, IReadOnlyList<string> InboundMatch, int MaxChannels);
