namespace Proxy.Upstream.Hosts;

/// <summary>
/// Per-host counters and gauges as Envoy keeps them (shown by admin <c>/clusters</c>): plain lock-free
/// values the connection pool and router update; the stats store reads and exports them.
/// </summary>
public sealed class HostStats
{
    private long _cxTotal;
    private long _cxActive;
    private long _cxConnectFail;
    private long _rqTotal;
    private long _rqActive;
    private long _rqSuccess;
    private long _rqError;
    private long _rqTimeout;

    /// <summary>cx_total: connections opened.</summary>
    public long CxTotal => Volatile.Read(ref _cxTotal);

    /// <summary>cx_active: connections open now.</summary>
    public long CxActive => Volatile.Read(ref _cxActive);

    /// <summary>cx_connect_fail: connection attempts that failed.</summary>
    public long CxConnectFail => Volatile.Read(ref _cxConnectFail);

    /// <summary>rq_total: requests sent.</summary>
    public long RqTotal => Volatile.Read(ref _rqTotal);

    /// <summary>rq_active: requests in flight (what least-request compares).</summary>
    public long RqActive => Volatile.Read(ref _rqActive);

    /// <summary>rq_success: requests that completed without error.</summary>
    public long RqSuccess => Volatile.Read(ref _rqSuccess);

    /// <summary>rq_error: requests that failed (5xx or reset).</summary>
    public long RqError => Volatile.Read(ref _rqError);

    /// <summary>rq_timeout: requests that timed out.</summary>
    public long RqTimeout => Volatile.Read(ref _rqTimeout);

    public void IncCxTotal() => Interlocked.Increment(ref _cxTotal);

    public void IncCxActive() => Interlocked.Increment(ref _cxActive);

    public void DecCxActive() => Interlocked.Decrement(ref _cxActive);

    public void IncCxConnectFail() => Interlocked.Increment(ref _cxConnectFail);

    public void IncRqTotal() => Interlocked.Increment(ref _rqTotal);

    public void IncRqActive() => Interlocked.Increment(ref _rqActive);

    public void DecRqActive() => Interlocked.Decrement(ref _rqActive);

    public void IncRqSuccess() => Interlocked.Increment(ref _rqSuccess);

    public void IncRqError() => Interlocked.Increment(ref _rqError);

    public void IncRqTimeout() => Interlocked.Increment(ref _rqTimeout);
}
