using Proxy.Filters.Stats;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// Envoy's connection manager stats, <c>http.&lt;stat_prefix&gt;.*</c>, plus the per-listener
/// <c>listener.&lt;address&gt;.http.&lt;stat_prefix&gt;.downstream_rq_Nxx</c> family. Looked up once per
/// connection manager; the request path only increments.
/// </summary>
internal sealed class HcmStats
{
    private readonly Counter[] _responseClass;
    private readonly Counter[] _listenerResponseClass;

    public HcmStats(IStatsScope root, string statPrefix, string listenerStatPrefix)
    {
        Scope = root.CreateScope("http." + statPrefix);
        var s = Scope;
        DownstreamCxTotal = s.Counter("downstream_cx_total");
        DownstreamCxActive = s.Gauge("downstream_cx_active");
        DownstreamCxHttp1Total = s.Counter("downstream_cx_http1_total");
        DownstreamCxHttp1Active = s.Gauge("downstream_cx_http1_active");
        DownstreamCxHttp2Total = s.Counter("downstream_cx_http2_total");
        DownstreamCxHttp2Active = s.Gauge("downstream_cx_http2_active");
        DownstreamCxDestroy = s.Counter("downstream_cx_destroy");
        DownstreamCxDrainClose = s.Counter("downstream_cx_drain_close");
        DownstreamCxUpgradesTotal = s.Counter("downstream_cx_upgrades_total");
        DownstreamCxUpgradesActive = s.Gauge("downstream_cx_upgrades_active");
        DownstreamRqTotal = s.Counter("downstream_rq_total");
        DownstreamRqHttp1Total = s.Counter("downstream_rq_http1_total");
        DownstreamRqHttp2Total = s.Counter("downstream_rq_http2_total");
        DownstreamRqActive = s.Gauge("downstream_rq_active");
        DownstreamRqCompleted = s.Counter("downstream_rq_completed");
        DownstreamRqTime = s.Histogram("downstream_rq_time", HistogramUnit.Milliseconds);
        DownstreamRqRxReset = s.Counter("downstream_rq_rx_reset");
        DownstreamRqTxReset = s.Counter("downstream_rq_tx_reset");
        DownstreamRqTimeout = s.Counter("downstream_rq_timeout");
        DownstreamRqIdleTimeout = s.Counter("downstream_rq_idle_timeout");
        DownstreamRqNonRelativePath = s.Counter("downstream_rq_non_relative_path");
        DownstreamRqFailedPathNormalization = s.Counter("downstream_rq_failed_path_normalization");
        DownstreamRqWsOnNonWsRoute = s.Counter("downstream_rq_ws_on_non_ws_route");
        NoRoute = s.Counter("no_route");
        NoCluster = s.Counter("no_cluster");
        RqRedirect = s.Counter("rq_redirect");
        RqDirectResponse = s.Counter("rq_direct_response");
        RqTotal = s.Counter("rq_total");
        RequestsRejectedWithUnderscoresInHeaders = s.Counter("requests_rejected_with_underscores_in_headers");
        DroppedHeadersWithUnderscores = s.Counter("dropped_headers_with_underscores");
        _responseClass = ResponseClassCounters(s);
        _listenerResponseClass = ResponseClassCounters(root.CreateScope("listener." + listenerStatPrefix + ".http." + statPrefix));
    }

    public IStatsScope Scope { get; }

    public Counter DownstreamCxTotal { get; }

    /// <summary>Connections a drain closed (Connection: close or GOAWAY on a response).</summary>
    public Counter DownstreamCxDrainClose { get; }

    public Gauge DownstreamCxActive { get; }

    public Counter DownstreamCxHttp1Total { get; }

    public Gauge DownstreamCxHttp1Active { get; }

    public Counter DownstreamCxHttp2Total { get; }

    public Gauge DownstreamCxHttp2Active { get; }

    public Counter DownstreamCxDestroy { get; }

    public Counter DownstreamCxUpgradesTotal { get; }

    public Gauge DownstreamCxUpgradesActive { get; }

    public Counter DownstreamRqTotal { get; }

    public Counter DownstreamRqHttp1Total { get; }

    public Counter DownstreamRqHttp2Total { get; }

    public Gauge DownstreamRqActive { get; }

    public Counter DownstreamRqCompleted { get; }

    public Histogram DownstreamRqTime { get; }

    public Counter DownstreamRqRxReset { get; }

    public Counter DownstreamRqTxReset { get; }

    public Counter DownstreamRqTimeout { get; }

    public Counter DownstreamRqIdleTimeout { get; }

    public Counter DownstreamRqNonRelativePath { get; }

    /// <summary>Requests refused with 400 path_normalization_failed (fragment, escaped slashes, bad path).</summary>
    public Counter DownstreamRqFailedPathNormalization { get; }

    public Counter DownstreamRqWsOnNonWsRoute { get; }

    public Counter NoRoute { get; }

    public Counter NoCluster { get; }

    public Counter RqRedirect { get; }

    public Counter RqDirectResponse { get; }

    public Counter RqTotal { get; }

    public Counter RequestsRejectedWithUnderscoresInHeaders { get; }

    public Counter DroppedHeadersWithUnderscores { get; }

    /// <summary>downstream_rq_1xx .. downstream_rq_5xx, at the connection manager and listener level.</summary>
    public void RecordResponseClass(int statusCode)
    {
        var index = statusCode / 100 - 1;
        if ((uint)index < 5)
        {
            _responseClass[index].Inc();
            _listenerResponseClass[index].Inc();
        }
    }

    private static Counter[] ResponseClassCounters(IStatsScope scope) =>
    [
        scope.Counter("downstream_rq_1xx"),
        scope.Counter("downstream_rq_2xx"),
        scope.Counter("downstream_rq_3xx"),
        scope.Counter("downstream_rq_4xx"),
        scope.Counter("downstream_rq_5xx"),
    ];
}
