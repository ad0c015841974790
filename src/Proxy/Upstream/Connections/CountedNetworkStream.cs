using System.Net.Sockets;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Connections;

/// <summary>An upstream connection as SocketsHttpHandler sees it, counted in Envoy's connection stats (<see cref="ConnectionLifetime"/>).</summary>
internal sealed class CountedNetworkStream : NetworkStream
{
    private readonly ConnectionLifetime _lifetime;

    public CountedNetworkStream(Socket socket, ClusterStats stats, Host host, TimeProvider time)
        : base(socket, ownsSocket: true)
    {
        _lifetime = new ConnectionLifetime(stats, host, time);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _lifetime.Received(read);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _lifetime.Sent(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        _lifetime.Closed();
        base.Dispose(disposing);
    }
}
