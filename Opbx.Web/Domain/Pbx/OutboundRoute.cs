namespace Opbx.Domain.Pbx;

/// <summary>
/// Which dialled numbers leave over which trunks: dial patterns (each with its strip and prepend), trunks tried in order
/// (the next one when a trunk is unavailable or congested), and the caller ID, one of the organization's own numbers.
/// </summary>
public sealed class OutboundRoute : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }
    public Guid? CallerIdDidId { get; set; }
    public Did? CallerIdDid { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<OutboundRoutePattern> Patterns { get; set; } = [];
    public List<OutboundRouteTrunk> Trunks { get; set; } = [];

    public string AuditName => Name;
}
