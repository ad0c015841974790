using Proxy.Filters.Stats;

namespace Proxy.Tcp;

/// <summary>Envoy's tcp_proxy stats, <c>tcp.&lt;stat_prefix&gt;.*</c>.</summary>
internal sealed class TcpProxyStats
{
    public TcpProxyStats(IStatsScope root, string statPrefix)
    {
        var s = root.CreateScope("tcp." + statPrefix);
        DownstreamCxTotal = s.Counter("downstream_cx_total");
        DownstreamCxNoRoute = s.Counter("downstream_cx_no_route");
        DownstreamCxRxBytesTotal = s.Counter("downstream_cx_rx_bytes_total");
        DownstreamCxTxBytesTotal = s.Counter("downstream_cx_tx_bytes_total");
        DownstreamFlowControlPausedReadingTotal = s.Counter("downstream_flow_control_paused_reading_total");
        IdleTimeout = s.Counter("idle_timeout");
        MaxDownstreamConnectionDurationReached = s.Counter("max_downstream_connection_duration");
        UpstreamFlushTotal = s.Counter("upstream_flush_total");
        UpstreamFlushActive = s.Gauge("upstream_flush_active");
    }

    public Counter DownstreamCxTotal { get; }

    public Counter DownstreamCxNoRoute { get; }

    public Counter DownstreamCxRxBytesTotal { get; }

    public Counter DownstreamCxTxBytesTotal { get; }

    public Counter DownstreamFlowControlPausedReadingTotal { get; }

    public Counter IdleTimeout { get; }

    public Counter MaxDownstreamConnectionDurationReached { get; }

    public Counter UpstreamFlushTotal { get; }

    public Gauge UpstreamFlushActive { get; }
}
