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

    /// <summary>A destination kind in a sentence ("ring group").</summary>
    public static string KindName(DestinationKind k) => k switch
    {
        DestinationKind.RingGroup => "ring group",
        DestinationKind.Queue => "queue",
        DestinationKind.Voicemail => "voicemail box of extension",
        DestinationKind.Extension => "extension",
        _ => "destination",
    };

    /// <summary>A list's first members and, when there are more, how many in all: "501 → 502 → … (25 in all)".</summary>
    public static string Members(IReadOnlyList<string> first, int count, string separator) =>
        count == 0 ? "none" : first.Count >= count ? string.Join(separator, first) : $"{string.Join(separator, first)}{separator}… ({count} in all)";

    public static string Destination(Destination d, IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(DestinationChoice.Value(d), out var label) ? label : d.Kind == DestinationKind.Hangup ? "Hang up" : "(removed)";
}
