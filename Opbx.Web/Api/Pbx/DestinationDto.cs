using Opbx.Domain;
using Opbx.Domain.Pbx;

namespace Opbx.Api;

/// <summary>Where calls go: <c>kind</c> (hangup, extension, ring_group, queue, voicemail) and, except for hangup, the target's id.</summary>
public sealed record DestinationDto(string? Kind, Guid? TargetId)
{
    public static DestinationDto From(Destination d) => new(Names.Of(d.Kind), d.TargetId);

    public DestinationInput ToInput() => new(Kind, TargetId);
}
