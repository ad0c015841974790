using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, for the processes a test starts.</summary>
public static class FreePort
{
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
