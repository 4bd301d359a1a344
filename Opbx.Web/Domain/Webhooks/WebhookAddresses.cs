using System.Net;
using System.Net.Sockets;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// Which addresses a webhook may not reach unless the operator allows private addresses: everything that is not the public
/// internet (loopback, RFC 1918, CGNAT 100.64/10, link-local with the cloud metadata address 169.254.169.254, unique-local
/// IPv6, multicast, unspecified, and IPv4 mapped into IPv6 judged as IPv4), so a tenant cannot make Opbx call into the
/// operator's own network.
/// </summary>
public static class WebhookAddresses
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => true,                                  // "this network", 0.0.0.0
                10 => true,                                 // RFC 1918
                100 => b[1] is >= 64 and <= 127,            // CGNAT 100.64/10
                127 => true,
                169 => b[1] == 254,                         // link-local, incl. 169.254.169.254
                172 => b[1] is >= 16 and <= 31,             // RFC 1918
                192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2), // RFC 1918, IETF 192.0.0/24, TEST-NET-1
                >= 224 => true,                             // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return true;
            var b = address.GetAddressBytes();
            if ((b[0] & 0xfe) == 0xfc) return true;         // unique-local fc00::/7
            if (address.IsIPv6Teredo || (b[0] == 0x20 && b[1] == 0x02)) return true; // tunnels that embed any IPv4 address
            return false;
        }
        return true;
    }
}
