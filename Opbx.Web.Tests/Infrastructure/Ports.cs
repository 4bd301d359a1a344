using System.Net;
using System.Net.Sockets;

namespace Opbx.Tests.Infrastructure;

public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port free on <paramref name="address"/> now (SIP and RTP for Asterisk and SIPp).</summary>
    public static int FreeUdp(string address = "127.0.0.1")
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(address), 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>Whether <paramref name="port"/> can be bound for UDP on <paramref name="address"/> now.</summary>
    public static bool IsUdpFree(string address, int port)
    {
        try
        {
            using var socket = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Opbx.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the Opbx repository.");
    }
}
