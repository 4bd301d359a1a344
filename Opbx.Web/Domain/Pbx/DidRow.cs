namespace Opbx.Domain.Pbx;

/// <summary>
/// A number of the organization. <see cref="PlatformNumber"/>: from the provider's inventory (on a shared trunk or none), so
/// only platform managers change its trunk or release it; the organization decides where it rings.
/// </summary>
public sealed record DidRow(Guid Id, string Number, Guid? TrunkId, string? TrunkName, bool PlatformNumber, Destination Destination);
