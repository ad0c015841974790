namespace Proxy.Upstream.Dns;

/// <summary>
/// When to retry after a failed lookup. Without <c>dns_failure_refresh_rate</c>, Envoy retries at the refresh
/// rate (fixed back-off); with it, a jittered exponential back-off: a random delay below the current interval,
/// which starts at base_interval and doubles up to max_interval; a success resets it.
/// </summary>
internal sealed class DnsFailureBackoff
{
    private readonly TimeSpan? _base;
    private readonly TimeSpan _max;
    private readonly TimeSpan _refreshRate;
    private readonly Random _random;
    private TimeSpan _next;

    public DnsFailureBackoff(TimeSpan? baseInterval, TimeSpan? maxInterval, TimeSpan refreshRate, Random random)
    {
        _base = baseInterval;
        _max = maxInterval ?? (baseInterval ?? refreshRate) * 10;
        _refreshRate = refreshRate;
        _random = random;
        _next = baseInterval ?? refreshRate;
    }

    public TimeSpan Next()
    {
        if (_base is null)
        {
            return _refreshRate;
        }

        var current = _next;
        _next = current > _max / 2 ? _max : current * 2;
        var jittered = TimeSpan.FromTicks(_random.NextInt64(current.Ticks));
        return TimeSpan.FromTicks(Math.Clamp(jittered.Ticks, TimeSpan.TicksPerMillisecond, _max.Ticks));
    }

    public void Reset() => _next = _base ?? _refreshRate;
}
