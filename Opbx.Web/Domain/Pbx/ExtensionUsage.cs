namespace Opbx.Domain.Pbx;

/// <summary>Where an extension is used: ring groups and queues it answers, numbers and fallbacks that send calls to it.</summary>
public sealed record ExtensionUsage(IReadOnlyList<string> RingGroups, IReadOnlyList<string> Queues, IReadOnlyList<string> Destinations)
{
    public bool Any => RingGroups.Count + Queues.Count + Destinations.Count > 0;
}
