using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A loopback port that refuses connections for as long as this lives: the socket is bound but never
/// listens, so nothing else (another test's upstream or admin listener) can take the port meanwhile.
/// </summary>
public sealed class ClosedPort : IAsyncDisposable
{
    private readonly Socket _socket;

    public ClosedPort()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
