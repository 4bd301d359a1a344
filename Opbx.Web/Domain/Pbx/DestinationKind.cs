namespace Opbx.Domain.Pbx;

/// <summary>Where a call goes: an extension, a ring group, a queue, an extension's voicemail box, or nowhere (hang up).</summary>
public enum DestinationKind { Hangup, Extension, RingGroup, Queue, Voicemail }
