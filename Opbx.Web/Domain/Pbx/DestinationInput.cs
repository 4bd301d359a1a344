namespace Opbx.Domain.Pbx;

/// <summary>Where a call may be sent: <c>kind</c> (hangup, extension, ring_group, queue, voicemail) and, except for hangup, the target's id.</summary>
public sealed record DestinationInput(string? Kind, Guid? TargetId)
{
    public static DestinationInput From(Destination d) => new(Names.Of(d.Kind), d.TargetId);
}
