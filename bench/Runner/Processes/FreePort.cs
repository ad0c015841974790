using System.Net;
using System.Net.Sockets;

namespace Bench.Runner.Processes;

/// <summary>A loopback TCP port that was free a moment ago (the kernel's pick).</summary>
public static class FreePort
{
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
