using System.Net;
using Bench.Floor;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor-kestrel target's forwarder, through Kestrel and an HttpContext.</summary>
public sealed class KestrelForwarderTests : ForwarderTests
{
    [Fact]
    public async Task AChunkedRequestIsAnswered501()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 501 ", await ReadResponseAsync(client, 0));
    }

    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var server = KestrelForwarder.Start(new IPEndPoint(IPAddress.Loopback, 0), pool);
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return (server, new IPEndPoint(IPAddress.Loopback, address.Port));
    }
}
