using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.RingGroups;

/// <summary>What the ring group fields show, on New and on the group's page.</summary>
public sealed record RingGroupForm(RingGroupInput Input, OrderedPick Members, IReadOnlyList<Choice> Destinations, string? Fallback);
