using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bench.Floor;

/// <summary>
/// Keep-alive connections to the one upstream, shared by every downstream connection: a connection is
/// taken for one exchange and given back when its response's last byte is read. No liveness check, no
/// limits: the harness's upstream keeps connections open for the whole run.
/// </summary>
public sealed class UpstreamPool : IDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentStack<Socket> _idle = new();

    public UpstreamPool(IPEndPoint upstream) => _upstream = upstream;

    public async ValueTask<Socket> RentAsync()
    {
        if (_idle.TryPop(out var socket))
        {
            return socket;
        }

        socket = new Socket(_upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_upstream).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    public void Return(Socket socket) => _idle.Push(socket);

    public void Dispose()
    {
        while (_idle.TryPop(out var socket))
        {
            socket.Dispose();
        }
    }
}
