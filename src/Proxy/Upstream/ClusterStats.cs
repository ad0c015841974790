using Proxy.Filters.Stats;

namespace Proxy.Upstream;

/// <summary>
/// Envoy's cluster stats, <c>cluster.&lt;name or alt_stat_name&gt;.*</c>. Per-status counters
/// (<c>upstream_rq_200</c>) are created on first use and then cached in an array, so the request path
/// does no lookups after the first response of each code.
/// </summary>
internal sealed class ClusterStats
{
    private readonly IStatsScope _scope;
    // Allocated with the first response: most of a mesh's clusters never carry a request.
    private Counter?[]? _byCode;
    private readonly Counter[] _byClass;

    public ClusterStats(IStatsScope root, string statName)
    {
        _scope = root.CreateScope("cluster." + statName);
        var s = _scope;
        UpstreamCxTotal = s.Counter("upstream_cx_total");
        UpstreamCxActive = s.Gauge("upstream_cx_active");
        UpstreamCxHttp1Total = s.Counter("upstream_cx_http1_total");
        UpstreamCxHttp2Total = s.Counter("upstream_cx_http2_total");
        UpstreamCxConnectFail = s.Counter("upstream_cx_connect_fail");
        UpstreamCxConnectTimeout = s.Counter("upstream_cx_connect_timeout");
        UpstreamCxDestroy = s.Counter("upstream_cx_destroy");
        UpstreamCxRxBytesTotal = s.Counter("upstream_cx_rx_bytes_total");
        UpstreamCxTxBytesTotal = s.Counter("upstream_cx_tx_bytes_total");
        UpstreamCxNoneHealthy = s.Counter("upstream_cx_none_healthy");
        UpstreamCxIdleTimeout = s.Counter("upstream_cx_idle_timeout");
        UpstreamCxMaxRequests = s.Counter("upstream_cx_max_requests");
        UpstreamCxMaxDurationReached = s.Counter("upstream_cx_max_duration_reached");
        UpstreamCxConnectMs = s.Histogram("upstream_cx_connect_ms", HistogramUnit.Milliseconds);
        UpstreamCxLengthMs = s.Histogram("upstream_cx_length_ms", HistogramUnit.Milliseconds);
        UpstreamRqTotal = s.Counter("upstream_rq_total");
        UpstreamRqActive = s.Gauge("upstream_rq_active");
        UpstreamRqPendingTotal = s.Counter("upstream_rq_pending_total");
        UpstreamRqPendingActive = s.Gauge("upstream_rq_pending_active");
        UpstreamRqPendingOverflow = s.Counter("upstream_rq_pending_overflow");
        UpstreamRqCompleted = s.Counter("upstream_rq_completed");
        UpstreamRqTimeout = s.Counter("upstream_rq_timeout");
        UpstreamRqRxReset = s.Counter("upstream_rq_rx_reset");
        UpstreamRqTxReset = s.Counter("upstream_rq_tx_reset");
        UpstreamRqCancelled = s.Counter("upstream_rq_cancelled");
        UpstreamRqRetry = s.Counter("upstream_rq_retry");
        UpstreamRqTime = s.Histogram("upstream_rq_time", HistogramUnit.Milliseconds);
        MembershipHealthy = s.Gauge("membership_healthy");
        MembershipDegraded = s.Gauge("membership_degraded");
        MembershipExcluded = s.Gauge("membership_excluded");
        MembershipTotal = s.Gauge("membership_total");
        MembershipChange = s.Counter("membership_change");
        UpdateAttempt = s.Counter("update_attempt");
        UpdateSuccess = s.Counter("update_success");
        UpdateFailure = s.Counter("update_failure");
        UpdateNoRebuild = s.Counter("update_no_rebuild");
        LbHealthyPanic = s.Counter("lb_healthy_panic");
        _byClass =
        [
            s.Counter("upstream_rq_1xx"), s.Counter("upstream_rq_2xx"), s.Counter("upstream_rq_3xx"),
            s.Counter("upstream_rq_4xx"), s.Counter("upstream_rq_5xx"),
        ];
    }

    public Counter UpstreamCxTotal { get; }

    public Gauge UpstreamCxActive { get; }

    public Counter UpstreamCxHttp1Total { get; }

    public Counter UpstreamCxHttp2Total { get; }

    public Counter UpstreamCxConnectFail { get; }

    public Counter UpstreamCxConnectTimeout { get; }

    public Counter UpstreamCxDestroy { get; }

    public Counter UpstreamCxRxBytesTotal { get; }

    public Counter UpstreamCxTxBytesTotal { get; }

    public Counter UpstreamCxNoneHealthy { get; }

    public Histogram UpstreamCxConnectMs { get; }

    public Histogram UpstreamCxLengthMs { get; }

    public Counter UpstreamRqTotal { get; }

    public Gauge UpstreamRqActive { get; }

    public Counter UpstreamRqPendingTotal { get; }

    public Gauge UpstreamRqPendingActive { get; }

    public Counter UpstreamRqPendingOverflow { get; }

    public Counter UpstreamRqCompleted { get; }

    public Counter UpstreamRqTimeout { get; }

    public Counter UpstreamRqRxReset { get; }

    public Counter UpstreamCxIdleTimeout { get; }

    public Counter UpstreamCxMaxRequests { get; }

    public Counter UpstreamCxMaxDurationReached { get; }

    public Counter UpstreamRqTxReset { get; }

    public Counter UpstreamRqCancelled { get; }

    public Counter UpstreamRqRetry { get; }

    public Histogram UpstreamRqTime { get; }

    public Gauge MembershipHealthy { get; }

    public Gauge MembershipDegraded { get; }

    public Gauge MembershipExcluded { get; }

    public Gauge MembershipTotal { get; }

    public Counter MembershipChange { get; }

    public Counter UpdateAttempt { get; }

    public Counter UpdateSuccess { get; }

    public Counter UpdateFailure { get; }

    public Counter UpdateNoRebuild { get; }

    public Counter LbHealthyPanic { get; }

    /// <summary>upstream_rq_&lt;code&gt; and upstream_rq_&lt;N&gt;xx for a response from this cluster.</summary>
    public void RecordResponse(int statusCode)
    {
        if (statusCode is < 100 or >= 600)
        {
            return;
        }

        var byCode = Volatile.Read(ref _byCode) ?? Interlocked.CompareExchange(ref _byCode, new Counter?[600], null) ?? _byCode!;
        var counter = byCode[statusCode];
        if (counter is null)
        {
            counter = _scope.Counter("upstream_rq_" + statusCode);
            Interlocked.CompareExchange(ref byCode[statusCode], counter, null);
        }

        counter.Inc();
        _byClass[statusCode / 100 - 1].Inc();
    }
}
