namespace Opbx.Domain.Pbx;

/// <summary>An outbound route as a person fills it in: patterns and trunks in order, the caller ID one of the organization's numbers.</summary>
public sealed class OutboundRouteInput
{
    public string? Name { get; set; }
    public List<DialPatternInput> Patterns { get; set; } = [];
    public List<Guid> TrunkIds { get; set; } = [];
    public Guid? CallerIdDidId { get; set; }
}
