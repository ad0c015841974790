using System.Net;
using System.Net.Sockets;

namespace Proxy.Listeners;

/// <summary>Creates the listening socket of a listener with the options Envoy sets on Linux.</summary>
internal static class ListenerSocket
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int SolIp = 0;
    private const int IpTransparent = 19;
    private const int SolIpv6 = 41;
    private const int Ipv6Transparent = 75;

    public static Socket Bind(EndPoint endPoint, bool reusePort, bool transparent, bool ipv4Compat, int backlog)
    {
        if (endPoint is UnixDomainSocketEndPoint uds)
        {
            var path = uds.ToString();
            if (!string.IsNullOrEmpty(path) && path[0] != '\0' && File.Exists(path))
            {
                File.Delete(path);
            }

            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(endPoint);
            unix.Listen(backlog);
            return unix;
        }

        var ip = (IPEndPoint)endPoint;
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // Envoy binds "::" IPv6-only unless socket_address.ipv4_compat is set.
                socket.DualMode = ipv4Compat;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (reusePort && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            if (transparent && OperatingSystem.IsLinux())
            {
                var v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
                socket.SetRawSocketOption(v6 ? SolIpv6 : SolIp, v6 ? Ipv6Transparent : IpTransparent, BitConverter.GetBytes(1));
            }

            socket.Bind(ip);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
