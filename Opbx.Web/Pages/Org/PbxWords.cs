using Opbx.Domain.Pbx;

namespace Opbx.Pages.Org;

/// <summary>The telephony settings in the words the pages show.</summary>
public static class PbxWords
{
    public const string QueueMembersHelp = "The linear strategy rings them in this order. An inactive member's extension is left out until they are active again.";
    public const string TrunksHelp = "In order: when a trunk fails or is busy, the call tries the next.";
    public const string MembersHelp = "In ringing order. An inactive member's extension is left out until they are active again.";

    public static string Of(RingGroupStrategy s) => s switch
    {
        RingGroupStrategy.Simultaneous => "All at once",
        RingGroupStrategy.Sequential => "One after another, in order",
        _ => "Round robin",
    };

    public static string Of(QueueStrategy s) => s switch
    {
        QueueStrategy.RingAll => "Ring all",
        QueueStrategy.LeastRecent => "Least recently called",
        QueueStrategy.FewestCalls => "Fewest calls",
        QueueStrategy.Random => "Random",
        QueueStrategy.RrMemory => "Round robin (remembers)",
        _ => "Linear, in order",
    };

    public static string Destination(Destination d, IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(DestinationChoice.Value(d), out var label) ? label : d.Kind == DestinationKind.Hangup ? "Hang up" : "(removed)";
}
