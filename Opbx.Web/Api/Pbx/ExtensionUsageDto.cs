namespace Opbx.Api;

/// <summary>Where an extension is used (before deleting) or was used (the answer to deleting it: removed from there).</summary>
public sealed record ExtensionUsageDto(IReadOnlyList<string> RingGroups, IReadOnlyList<string> Queues, IReadOnlyList<string> Destinations);
