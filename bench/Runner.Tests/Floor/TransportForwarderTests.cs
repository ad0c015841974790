using System.Net;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>The floor-transport target's forwarder, its downstream side on Kestrel's socket transport.</summary>
public sealed class TransportForwarderTests : ForwarderTests
{
    protected override (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool)
    {
        var forwarder = new TransportForwarder(pool);
        var (listener, at) = Listen(forwarder.ServeAsync);
        return (new Both(listener, forwarder), at);
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
