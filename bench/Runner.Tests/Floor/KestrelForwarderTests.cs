using System.Net;
using Bench.Floor;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor-kestrel target's forwarder, through Kestrel and an HttpContext.</summary>
public sealed class KestrelForwarderTests : ForwarderTests
{
    protected override bool AnswersChunkedRequests => true;

    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var server = KestrelForwarder.Start(new IPEndPoint(IPAddress.Loopback, 0), pool);
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return (server, new IPEndPoint(IPAddress.Loopback, address.Port));
    }
}
