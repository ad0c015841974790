using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>Whether a loopback port accepts TCP connections (a stopped listener refuses them).</summary>
public static class Connections
{
    /// <summary>True when connecting to <paramref name="port"/> is refused (nobody listens).</summary>
    public static async Task<bool> IsRefusedAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The listener closed while this connection sat in its backlog: not refused yet, the next try is.
            return false;
        }
    }

    /// <summary>Polls until connections to <paramref name="port"/> are refused.</summary>
    public static Task WaitRefusedAsync(int port, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => IsRefusedAsync(port), refused => refused, $"port {port} refuses connections", timeout);
}
