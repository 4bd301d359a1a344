namespace Opbx.Domain.Pbx;

/// <summary>How a ring group rings its members: all at once, one after another in order, or one after another starting with the next member each call.</summary>
public enum RingGroupStrategy { Simultaneous, Sequential, RoundRobin }
