namespace Opbx.Domain.Pbx;

/// <summary>Asterisk app_queue's strategies, by the same names.</summary>
public enum QueueStrategy { RingAll, LeastRecent, FewestCalls, Random, RrMemory, Linear }
