namespace Opbx.Domain.Pbx;

/// <summary>
/// Where a call is sent: a kind and the id of its target in the same organization (for <see cref="DestinationKind.Voicemail"/>,
/// the extension whose box takes the message). Never a number or a name: the dialplan is built from ids.
/// </summary>
public readonly record struct Destination(DestinationKind Kind, Guid? TargetId)
{
    public static readonly Destination Hangup = new(DestinationKind.Hangup, null);

    public static Destination To(DestinationKind kind, Guid targetId) =>
        kind == DestinationKind.Hangup ? Hangup : new Destination(kind, targetId);

    /// <summary>A stored pair read back: a kind that needs a target but has none is a hang-up.</summary>
    public static Destination Of(DestinationKind kind, Guid? targetId) =>
        kind == DestinationKind.Hangup || targetId is null ? Hangup : new Destination(kind, targetId);
}
