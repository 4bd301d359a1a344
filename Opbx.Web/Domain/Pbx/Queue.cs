namespace Opbx.Domain.Pbx;

/// <summary>A call queue (Asterisk app_queue): callers wait while members are rung by the strategy.</summary>
public sealed class Queue : IOrganizationOwned, IAuditNamed, IMemberList
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public required string Number { get; set; }
    public string Name { get; set; } = "";
    public QueueStrategy Strategy { get; set; }
    /// <summary>How long a member's phone rings before the queue tries again.</summary>
    public int MemberTimeoutSeconds { get; set; } = 15;
    /// <summary>How long a caller waits in the queue before the fallback.</summary>
    public int MaxWaitSeconds { get; set; } = 300;
    public DestinationKind FallbackKind { get; set; }
    public Guid? FallbackTargetId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<QueueMember> Members { get; set; } = [];

    public Destination Fallback
    {
        get => Destination.Of(FallbackKind, FallbackTargetId);
        set => (FallbackKind, FallbackTargetId) = (value.Kind, value.TargetId);
    }

    public string AuditName => $"{Number} {Name}".Trim();
}
