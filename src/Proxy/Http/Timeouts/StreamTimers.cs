namespace Proxy.Http.Timeouts;

/// <summary>
/// The connection manager's per-stream timers. stream_idle_timeout (Envoy default 5 minutes; the route's
/// idle_timeout overrides it) fires when no request or response activity happened for that long;
/// request_timeout (default off) fires when the whole request was not received in time and is disarmed
/// when the request ends or the response starts. Either one cancels <see cref="Token"/>, which the router
/// observes, and tells why in <see cref="Fired"/>.
/// </summary>
/// <remarks>
/// One timer serves both deadlines, and the router's route timeout (<see cref="Watch"/>), and is reused across
/// the requests of a pooled <see cref="RequestContext"/>. Activity only stores a timestamp (<see cref="Touch"/>
/// is one write per body chunk); the timer checks it when it fires and re-arms for the remaining time, so busy
/// streams never reschedule the timer, and a deadline later than the one the timer is set for changes nothing.
/// Each change of a timer takes the runtime's timer-queue lock: the route timeout had a timer of its own per
/// request, created and deleted. A stream's end disarms the timer, so that a context dropped with its
/// connection is not held by the timer queue.
/// </remarks>
internal sealed class StreamTimers
{
    private readonly Lock _scheduleLock = new();
    private TimeProvider? _time;
    private ITimer? _timer;
    private CancellationTokenSource _cts = new();
    private long _lastActivity;
    private long _requestDeadline;
    private TimeSpan _idle;
    private int _fired;
    private int _running;

    /// <summary>The timestamp the timer is set to fire at; 0 when it is not armed.</summary>
    private long _dueAt;

    private IExchangeDeadline? _exchange;

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
            lock (_scheduleLock)
            {
                _timer?.Dispose();
                _time = time;
                _dueAt = 0;
                _timer = time.CreateTimer(static s => ((StreamTimers)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        var now = time.GetTimestamp();
        Volatile.Write(ref _exchange, null);
        Volatile.Write(ref _fired, 0);
        Volatile.Write(ref _lastActivity, now);
        _idle = idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
        Volatile.Write(ref _requestDeadline, request > TimeSpan.Zero ? now + ToTicks(time, request) : 0);

        Volatile.Write(ref _running, 1);
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

    /// <summary>Times <paramref name="exchange"/>'s deadline (the route timeout) with the stream's timer.</summary>
    /// <remarks>The deadline is a timestamp of the TimeProvider these timers were started with.</remarks>
    public void Watch(IExchangeDeadline exchange)
    {
        Volatile.Write(ref _exchange, exchange);
        Schedule(_time!.GetTimestamp());
    }

    /// <summary>The exchange is over: its deadline no longer applies.</summary>
    public void Unwatch(IExchangeDeadline exchange) => Interlocked.CompareExchange(ref _exchange, null, exchange);

    /// <summary>The request ended or the response started: request_timeout no longer applies.</summary>
    public void RequestComplete() => Volatile.Write(ref _requestDeadline, 0);

    /// <summary>The stream is over (or became a tunnel, which these timers do not cover).</summary>
    public void Stop()
    {
        Volatile.Write(ref _running, 0);
        lock (_scheduleLock)
        {
            if (_dueAt != 0)
            {
                _dueAt = 0;
                _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        Interlocked.Exchange(ref _dueAt, 0);
        if (Volatile.Read(ref _running) == 0 || Fired != StreamTimeout.None)
        {
            return;
        }

        var now = _time!.GetTimestamp();
        if (Volatile.Read(ref _exchange) is { } exchange && exchange.Deadline != 0 && now >= exchange.Deadline)
        {
            Interlocked.CompareExchange(ref _exchange, null, exchange);
            exchange.Expire();
        }

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

        if (Volatile.Read(ref _exchange) is { Deadline: not 0 and var exchangeDeadline } && exchangeDeadline < next)
        {
            next = exchangeDeadline;
        }

        if (next == long.MaxValue)
        {
            // Nothing to time. A timer still armed fires once, finds nothing due and stays disarmed.
            return;
        }

        // At least one millisecond: a zero due time would fire before a just-started stream did anything.
        var minimum = now + ToTicks(_time!, TimeSpan.FromMilliseconds(1));
        if (next < minimum)
        {
            next = minimum;
        }

        // The timer's callback and a new stream may schedule at once; the lock keeps _dueAt what the timer is set to.
        lock (_scheduleLock)
        {
            var armed = Volatile.Read(ref _dueAt);
            if (armed != 0 && armed <= next)
            {
                // It fires first and re-checks then.
                return;
            }

            Volatile.Write(ref _dueAt, next);
            _timer!.Change(TimeSpan.FromSeconds((double)(next - now) / _time!.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }
    }

    private static long ToTicks(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
