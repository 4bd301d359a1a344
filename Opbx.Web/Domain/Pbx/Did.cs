namespace Opbx.Domain.Pbx;

/// <summary>
/// A phone number (DID), unique on the platform. Held by an organization, or in the platform's inventory (no organization),
/// from which platform managers assign, move and release numbers. It arrives on a trunk and goes to a destination.
/// </summary>
public sealed class Did : IOrganizationOrPlatformOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    /// <summary>Null: in the platform's inventory.</summary>
    public Guid? OrganizationId { get; set; }
    /// <summary>E.164, e.g. +4930123456.</summary>
    public required string Number { get; set; }
    public Guid? TrunkId { get; set; }
    public Trunk? Trunk { get; set; }
    public DestinationKind DestinationKind { get; set; }
    public Guid? DestinationTargetId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public Destination Destination
    {
        get => Destination.Of(DestinationKind, DestinationTargetId);
        set => (DestinationKind, DestinationTargetId) = (value.Kind, value.TargetId);
    }

    public string AuditName => Number;
}
