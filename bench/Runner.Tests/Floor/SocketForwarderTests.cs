using System.Net;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor target's socket-to-socket forwarder.</summary>
public sealed class SocketForwarderTests : ForwarderTests
{
    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool) => Listen(new Forwarder(pool).ServeAsync);
}
