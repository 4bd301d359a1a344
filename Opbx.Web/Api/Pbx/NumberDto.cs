namespace Opbx.Api;

/// <summary>A number on the platform as platform managers see it: who holds it (none: in the inventory) and the trunk it arrives on.</summary>
public sealed record NumberDto(Guid Id, string Number, Guid? OrganizationId, string? OrganizationName, Guid? TrunkId, string? TrunkName,
    bool TrunkShared, string DestinationKind);
