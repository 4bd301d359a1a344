namespace Opbx.Domain.Pbx;

public sealed class RingGroup : IOrganizationOwned, IAuditNamed, IMemberList
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public required string Number { get; set; }
    public string Name { get; set; } = "";
    public RingGroupStrategy Strategy { get; set; }
    /// <summary>How long each member rings (all members together, for simultaneous).</summary>
    public int RingSeconds { get; set; } = 20;
    public DestinationKind FallbackKind { get; set; }
    public Guid? FallbackTargetId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<RingGroupMember> Members { get; set; } = [];

    public Destination Fallback
    {
        get => Destination.Of(FallbackKind, FallbackTargetId);
        set => (FallbackKind, FallbackTargetId) = (value.Kind, value.TargetId);
    }

    public string AuditName => $"{Number} {Name}".Trim();
}
