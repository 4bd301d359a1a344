namespace Opbx.Domain.Pbx;

/// <summary>A change to an existing number: the trunk it arrives on and where its calls go (the number itself never changes).</summary>
public sealed class DidRouting
{
    public Guid? TrunkId { get; set; }
    public DestinationInput? Destination { get; set; }
}
