using System.Net;
using System.Net.Sockets;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor target's socket-to-socket forwarder.</summary>
public sealed class SocketForwarderTests : ForwarderTests
{
    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        var forwarder = new Forwarder(pool);
        _ = AcceptLoopAsync(listener, forwarder.ServeAsync);
        return (listener, listener.LocalEndPoint!);
    }
}
