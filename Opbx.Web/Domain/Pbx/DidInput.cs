namespace Opbx.Domain.Pbx;

/// <summary>A number as an organization adds it: the E.164 number, the trunk it arrives on, where its calls go.</summary>
public sealed class DidInput
{
    public string? Number { get; set; }
    public Guid? TrunkId { get; set; }
    public DestinationInput? Destination { get; set; }
}
