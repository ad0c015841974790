using System.Net;
using System.Net.Sockets;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor target's socket-to-socket forwarder.</summary>
public sealed class SocketForwarderTests : ForwarderTests
{
    [Fact]
    public async Task AChunkedRequestClosesTheConnection()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        Assert.Equal(0, await client.ReceiveAsync(new byte[16], SocketFlags.None, Stop.Token));
    }

    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        _ = AcceptLoopAsync(listener, new Forwarder(pool));
        return (listener, listener.LocalEndPoint!);
    }

    private async Task AcceptLoopAsync(Socket listener, Forwarder forwarder)
    {
        try
        {
            while (true)
            {
                _ = forwarder.ServeAsync(await listener.AcceptAsync(Stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
