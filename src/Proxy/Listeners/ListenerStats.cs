using Proxy.Filters.Stats;

namespace Proxy.Listeners;

/// <summary>Envoy's per-listener stats (<c>listener.&lt;address or stat_prefix&gt;.*</c>), looked up once per listener.</summary>
internal sealed class ListenerStats
{
    public ListenerStats(IStatsScope root, string statPrefix)
    {
        var scope = root.CreateScope("listener." + statPrefix);
        DownstreamCxTotal = scope.Counter("downstream_cx_total");
        DownstreamCxDestroy = scope.Counter("downstream_cx_destroy");
        DownstreamCxActive = scope.Gauge("downstream_cx_active");
        DownstreamCxLengthMs = scope.Histogram("downstream_cx_length_ms", HistogramUnit.Milliseconds);
        DownstreamPreCxActive = scope.Gauge("downstream_pre_cx_active");
        DownstreamPreCxTimeout = scope.Counter("downstream_pre_cx_timeout");
        NoFilterChainMatch = scope.Counter("no_filter_chain_match");
        DownstreamListenerFilterRemoteClose = scope.Counter("downstream_listener_filter_remote_close");
    }

    public Counter DownstreamCxTotal { get; }

    public Counter DownstreamCxDestroy { get; }

    public Gauge DownstreamCxActive { get; }

    public Histogram DownstreamCxLengthMs { get; }

    public Gauge DownstreamPreCxActive { get; }

    public Counter DownstreamPreCxTimeout { get; }

    public Counter NoFilterChainMatch { get; }

    public Counter DownstreamListenerFilterRemoteClose { get; }
}
