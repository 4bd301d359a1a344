using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org.Queues;

/// <summary>What the queue fields show, on New and on the queue's page.</summary>
public sealed record QueueForm(QueueInput Input, OrderedPick Members, IReadOnlyList<Choice> Destinations, string? Fallback);
