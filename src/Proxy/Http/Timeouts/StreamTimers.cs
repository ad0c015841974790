namespace Proxy.Http.Timeouts;

/// <summary>
/// The connection manager's per-stream timers. stream_idle_timeout (Envoy default 5 minutes; the route's
/// idle_timeout overrides it) fires when no request or response activity happened for that long;
/// request_timeout (default off) fires when the whole request was not received in time and is disarmed
/// when the request ends or the response starts. Either one cancels <see cref="Token"/>, which the router
/// observes, and tells why in <see cref="Fired"/>.
/// </summary>
/// <remarks>
/// One timer serves both deadlines and is reused across the requests of a pooled
/// <see cref="RequestContext"/>. Activity only stores a timestamp (<see cref="Touch"/> is one write per body
/// chunk); the timer checks it when it fires and re-arms for the remaining idle time, so busy streams never
/// reschedule the timer.
/// </remarks>
internal sealed class StreamTimers
{
    private TimeProvider? _time;
    private ITimer? _timer;
    private CancellationTokenSource _cts = new();
    private long _lastActivity;
    private long _requestDeadline;
    private TimeSpan _idle;
    private int _fired;
    private bool _running;

    public CancellationToken Token => _cts.Token;

    public StreamTimeout Fired => (StreamTimeout)Volatile.Read(ref _fired);

    /// <summary>Arms the timers for a new stream. A zero (or negative) timeout is disabled, as in Envoy.</summary>
    public void Start(TimeProvider time, TimeSpan idle, TimeSpan request)
    {
        if (!_cts.TryReset())
        {
            _cts.Dispose();
            _cts = new CancellationTokenSource();
        }

        if (!ReferenceEquals(_time, time))
        {
            _timer?.Dispose();
            _time = time;
            _timer = time.CreateTimer(static s => ((StreamTimers)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        var now = time.GetTimestamp();
        Volatile.Write(ref _fired, 0);
        Volatile.Write(ref _lastActivity, now);
        _idle = idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
        Volatile.Write(ref _requestDeadline, request > TimeSpan.Zero ? now + ToTicks(time, request) : 0);
        _running = true;
        Schedule(now);
    }

    /// <summary>The route's idle_timeout replaces the connection manager's for this stream (zero disables).</summary>
    public void SetIdleTimeout(TimeSpan idle)
    {
        _idle = idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
        Touch();
        Schedule(_time!.GetTimestamp());
    }

    /// <summary>Request or response bytes moved: the stream is not idle.</summary>
    public void Touch()
    {
        if (_time is not null)
        {
            Volatile.Write(ref _lastActivity, _time.GetTimestamp());
        }
    }

    /// <summary>The request ended or the response started: request_timeout no longer applies.</summary>
    public void RequestComplete() => Volatile.Write(ref _requestDeadline, 0);

    /// <summary>The stream is over (or became a tunnel, which these timers do not cover).</summary>
    public void Stop()
    {
        _running = false;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        if (!_running || Fired != StreamTimeout.None)
        {
            return;
        }

        var now = _time!.GetTimestamp();
        var requestDeadline = Volatile.Read(ref _requestDeadline);
        if (requestDeadline != 0 && now >= requestDeadline)
        {
            Fire(StreamTimeout.Request);
            return;
        }

        if (_idle > TimeSpan.Zero && now - Volatile.Read(ref _lastActivity) >= ToTicks(_time, _idle))
        {
            Fire(StreamTimeout.Idle);
            return;
        }

        Schedule(now);
    }

    private void Fire(StreamTimeout which)
    {
        if (Interlocked.CompareExchange(ref _fired, (int)which, 0) == 0)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Sets the timer to the nearer of the idle deadline and the request deadline.</summary>
    private void Schedule(long now)
    {
        long next = long.MaxValue;
        if (_idle > TimeSpan.Zero)
        {
            next = Volatile.Read(ref _lastActivity) + ToTicks(_time!, _idle);
        }

        var requestDeadline = Volatile.Read(ref _requestDeadline);
        if (requestDeadline != 0 && requestDeadline < next)
        {
            next = requestDeadline;
        }

        if (next == long.MaxValue)
        {
            _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = next <= now ? TimeSpan.Zero : TimeSpan.FromSeconds((double)(next - now) / _time!.TimestampFrequency);

        // At least one millisecond: a zero due time would fire before a just-started stream did anything.
        _timer!.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
    }

    private static long ToTicks(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
