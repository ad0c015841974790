using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// Loopback ports nobody listens on, for the processes a test starts. They come from below the kernel's
/// ephemeral range (ip_local_port_range starts at 32768 by default): a port the kernel picks for an outgoing
/// connection, or for another test's bind to port 0, can then never be the one a test handed to a process that
/// has not bound it yet. Each is handed out once per run, from a random start so parallel runs rarely meet.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int s_next = Random.Shared.Next(Count);

    public static int Get()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref s_next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port from {First} to {First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
