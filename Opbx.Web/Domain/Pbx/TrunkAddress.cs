using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Opbx.Domain.Pbx;

/// <summary>
/// The strict forms a trunk's host, inbound match and credentials may take: nothing in them can be read as Asterisk
/// configuration syntax, so the renderer writes them as they are (and refuses anything else).
/// </summary>
public static partial class TrunkAddress
{
    /// <summary>Matching a network wider than this could take in phones as the carrier (PJSIP identify wins over authentication).</summary>
    public const int MinIpv4Prefix = 24;
    public const int MinIpv6Prefix = 64;

    public static bool IsHost(string? host) =>
        host is { Length: > 0 and <= 253 } && (IPAddress.TryParse(host, out _) ? !host.Contains('%') : HostName().IsMatch(host));

    public static bool IsIpv6(string host) => IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>An address or a network no wider than /24 (IPv4) or /64 (IPv6), in canonical form; null when not acceptable.</summary>
    public static string? NormalizeMatch(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Contains('/'))
        {
            // A network written with host bits (198.51.100.5/24) is ambiguous: refused rather than guessed.
            if (!IPNetwork.TryParse(value, out var network) || !IPAddress.TryParse(value[..value.IndexOf('/')], out var start)
                || !start.Equals(network.BaseAddress)) return null;
            var min = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? MinIpv4Prefix : MinIpv6Prefix;
            return network.PrefixLength >= min ? network.ToString() : null;
        }
        return IPAddress.TryParse(value, out var ip) && !value.Contains('%') ? ip.ToString() : null;
    }

    public static bool IsUsername(string? username) => username is not null && Username().IsMatch(username);

    public static bool IsPassword(string? password) => password is not null && Password().IsMatch(password);

    public static string PortText(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\A(?=.{1,253}\z)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\z")]
    private static partial Regex HostName();

    [GeneratedRegex(@"\A[A-Za-z0-9._+-]{1,64}\z")]
    private static partial Regex Username();

    [GeneratedRegex(@"\A[A-Za-z0-9!#%*+./:?@^_~-]{1,64}\z")]
    private static partial Regex Password();
}
