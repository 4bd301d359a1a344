namespace Opbx.Domain.Pbx;

/// <summary>An emergency number as a person fills it in: the number phones dial, its caller ID (one of the organization's numbers), trunks in order.</summary>
public sealed class EmergencyNumberInput
{
    public string? Number { get; set; }
    public Guid? CallerIdDidId { get; set; }
    public List<Guid> TrunkIds { get; set; } = [];
}
