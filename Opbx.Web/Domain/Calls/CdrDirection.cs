using Opbx.Domain.Pbx;

namespace Opbx.Domain.Calls;

/// <summary>
/// A CDR's direction, from the channels Opbx named itself: every trunk's endpoint is "opbx-trunk-&lt;id&gt;" and every phone's
/// is its SIP username. A leg whose calling channel is a trunk came in; one that dialled a trunk went out; a leg that
/// reached no channel went out when it dialled something no extension, ring group or queue can be (not 2–6 digits).
/// Derived in Opbx rather than set in the dialplan, so it holds for every path a call takes through the generated contexts.
/// </summary>
public static class CdrDirection
{
    private const string TrunkPrefix = "opbx-trunk-";

    public static CallDirection Of(string channel, string destinationChannel, string destination)
    {
        if (IsTrunk(Endpoint(channel))) return CallDirection.Inbound;
        var dialled = Endpoint(destinationChannel);
        if (IsTrunk(dialled)) return CallDirection.Outbound;
        if (dialled is null && destinationChannel.Length == 0 && !ExtensionNumber.TryParse(destination, out _)) return CallDirection.Outbound;
        return CallDirection.Internal;
    }

    /// <summary>The PJSIP endpoint of a channel name ("PJSIP/alice-00000001" → "alice"); null for other technologies.</summary>
    public static string? Endpoint(string channel)
    {
        if (!channel.StartsWith("PJSIP/", StringComparison.Ordinal)) return null;
        var name = channel["PJSIP/".Length..];
        var dash = name.LastIndexOf('-');
        return dash > 0 ? name[..dash] : name.Length > 0 ? name : null;
    }

    /// <summary>Whether the endpoint is one of Opbx's trunks (PbxNames.TrunkEndpoint names them all "opbx-trunk-…").</summary>
    public static bool IsTrunk(string? endpoint) => endpoint?.StartsWith(TrunkPrefix, StringComparison.Ordinal) == true;
}
