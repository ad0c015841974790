using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Connections;

/// <summary>
/// One upstream connection in Envoy's connection stats: it exists from connect (upstream_cx_total,
/// upstream_cx_active) to close (upstream_cx_destroy, upstream_cx_length_ms); its bytes feed
/// upstream_cx_rx/tx_bytes_total. Shared by SocketsHttpHandler's streams and our HTTP/1.1 connections.
/// </summary>
internal sealed class ConnectionLifetime
{
    private readonly ClusterStats _stats;
    private readonly Host _host;
    private readonly TimeProvider _time;
    private int _closed;

    public ConnectionLifetime(ClusterStats stats, Host host, TimeProvider time)
    {
        _stats = stats;
        _host = host;
        _time = time;
        OpenedAt = time.GetTimestamp();
        stats.UpstreamCxTotal.Inc();
        stats.UpstreamCxActive.Inc();
        host.Stats.IncCxTotal();
        host.Stats.IncCxActive();
    }

    public long OpenedAt { get; }

    public void Received(int bytes) => _stats.UpstreamCxRxBytesTotal.Add((ulong)bytes);

    public void Sent(int bytes) => _stats.UpstreamCxTxBytesTotal.Add((ulong)bytes);

    /// <summary>Counts the close; only the first call counts.</summary>
    public void Closed()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _stats.UpstreamCxActive.Dec();
            _stats.UpstreamCxDestroy.Inc();
            _stats.UpstreamCxLengthMs.Record(_time.GetElapsedTime(OpenedAt).TotalMilliseconds);
            _host.Stats.DecCxActive();
        }
    }
}
