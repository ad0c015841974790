using System.Net;
using System.Net.Sockets;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor-transport target's forwarder, its downstream side on Kestrel's socket transport.</summary>
public sealed class TransportForwarderTests : ForwarderTests
{
    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        var forwarder = new TransportForwarder(pool);
        _ = AcceptLoopAsync(listener, forwarder.ServeAsync);
        return (new Both(listener, forwarder), listener.LocalEndPoint!);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
