using System.Net.Sockets;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Connections;

/// <summary>
/// An upstream connection as the HTTP client sees it, counted in Envoy's connection stats: it exists
/// from connect (upstream_cx_total, upstream_cx_active) to close (upstream_cx_destroy,
/// upstream_cx_length_ms), and its bytes feed upstream_cx_rx/tx_bytes_total.
/// </summary>
internal sealed class CountedNetworkStream : NetworkStream
{
    private readonly ClusterStats _stats;
    private readonly Host _host;
    private readonly TimeProvider _time;
    private readonly long _openedAt;
    private int _closed;

    public CountedNetworkStream(Socket socket, ClusterStats stats, Host host, TimeProvider time)
        : base(socket, ownsSocket: true)
    {
        _stats = stats;
        _host = host;
        _time = time;
        _openedAt = time.GetTimestamp();
        stats.UpstreamCxTotal.Inc();
        stats.UpstreamCxActive.Inc();
        host.Stats.IncCxTotal();
        host.Stats.IncCxActive();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _stats.UpstreamCxRxBytesTotal.Add((ulong)read);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _stats.UpstreamCxTxBytesTotal.Add((ulong)buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _stats.UpstreamCxActive.Dec();
            _stats.UpstreamCxDestroy.Inc();
            _stats.UpstreamCxLengthMs.Record(_time.GetElapsedTime(_openedAt).TotalMilliseconds);
            _host.Stats.DecCxActive();
        }

        base.Dispose(disposing);
    }
}
