using System.Net;
using System.Net.Sockets;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// An HTTP client that connects from 127.0.0.2, the address the test app trusts as its reverse proxy
/// (Opbx__Network__KnownProxies): what it says in X-Forwarded-For and X-Forwarded-Proto is believed, as a TLS-terminating
/// nginx's would be. Redirects are not followed.
/// </summary>
public static class ProxyClient
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    public static HttpClient Create(string baseUrl, string clientAddress) => Create(baseUrl, clientAddress, Address);

    /// <summary>A client whose requests come from <paramref name="from"/> and claim <paramref name="clientAddress"/> and https.</summary>
    public static HttpClient Create(string baseUrl, string clientAddress, IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // Cookies are the test's to carry: a cookie marked Secure would not be sent back over this plain-http connection.
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // A proxy passes on the name the browser asked for (HSTS is never sent for localhost or loopback addresses).
        client.DefaultRequestHeaders.Host = "pbx.example.test";
        return client;
    }
}
