namespace Opbx.Domain.Pbx;

/// <summary>A trunk an emergency number is dialled over, at its place in the failover order.</summary>
public sealed class EmergencyNumberTrunk : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid EmergencyNumberId { get; set; }
    public EmergencyNumber? EmergencyNumber { get; set; }
    public Guid TrunkId { get; set; }
    public Trunk? Trunk { get; set; }
    public int Position { get; set; }

    public string AuditName => $"emergency {EmergencyNumber?.Number}: trunk {Trunk?.Name}";
}
