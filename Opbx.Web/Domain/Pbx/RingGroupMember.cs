namespace Opbx.Domain.Pbx;

/// <summary>An extension in a ring group, at a position (the order sequential and round-robin groups ring in).</summary>
public sealed class RingGroupMember : IOrganizationOwned, IAuditNamed, IListMember
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid RingGroupId { get; set; }
    public RingGroup? RingGroup { get; set; }
    public Guid ExtensionId { get; set; }
    public Extension? Extension { get; set; }
    public int Position { get; set; }

    public string AuditName => $"ring group {RingGroup?.Number}: extension {Extension?.Number}";
}
