namespace Opbx.Domain.Pbx;

/// <summary>A trunk of an outbound route, at its place in the failover order.</summary>
public sealed class OutboundRouteTrunk : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid OutboundRouteId { get; set; }
    public OutboundRoute? OutboundRoute { get; set; }
    public Guid TrunkId { get; set; }
    public Trunk? Trunk { get; set; }
    public int Position { get; set; }

    public string AuditName => $"{OutboundRoute?.Name}: trunk {Trunk?.Name}";
}
