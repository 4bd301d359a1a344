namespace Opbx.Domain.Pbx;

/// <summary>An extension answering a queue, at a position (the order the linear strategy rings in).</summary>
public sealed class QueueMember : IOrganizationOwned, IAuditNamed, IListMember
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid QueueId { get; set; }
    public Queue? Queue { get; set; }
    public Guid ExtensionId { get; set; }
    public Extension? Extension { get; set; }
    public int Position { get; set; }

    public string AuditName => $"queue {Queue?.Number}: extension {Extension?.Number}";
}
