namespace Opbx.Api;

/// <summary>
/// A number of the organization. <c>platform_number</c>: from the provider's inventory (on a shared trunk or none): only
/// platform managers change its trunk or take it back; the organization decides where it rings.
/// </summary>
public sealed record DidDto(Guid Id, string Number, Guid? TrunkId, string? TrunkName, bool PlatformNumber, DestinationDto Destination);
