namespace Opbx.Domain.Pbx;

/// <summary>A ring group as a person fills it in: members are extension ids in ringing order.</summary>
public sealed class RingGroupInput
{
    public string? Number { get; set; }
    public string? Name { get; set; }
    /// <summary>simultaneous, sequential or round_robin.</summary>
    public string? Strategy { get; set; }
    public int RingSeconds { get; set; } = 20;
    public List<Guid> MemberIds { get; set; } = [];
    public DestinationInput? Fallback { get; set; }
}
