namespace Opbx.Domain.Pbx;

/// <summary>How a ring group rings its members: all at once, one after another in order, or one after another starting with the next member each call.</summary>
public enum RingGroupStrategy { Simultaneous, Sequential, RoundRobin }

/// <summary>Asterisk app_queue's strategies, by the same names.</summary>
public enum QueueStrategy { RingAll, LeastRecent, FewestCalls, Random, RrMemory, Linear }

public enum TrunkTransport { Udp, Tcp, Tls }

/// <summary>Where a call goes: an extension, a ring group, a queue, an extension's voicemail box, or nowhere (hang up).</summary>
public enum DestinationKind { Hangup, Extension, RingGroup, Queue, Voicemail }
