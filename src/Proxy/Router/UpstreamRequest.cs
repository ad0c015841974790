using Proxy.Http.Timeouts;
using Proxy.Router.Forwarding;

namespace Proxy.Router;

/// <summary>
/// The route timeout of one upstream exchange (Envoy: it starts when the downstream request is complete
/// and covers the whole upstream response), the downstream abort and the connection manager's stream
/// timers folded into one token.
/// Implements <see cref="IRequestBodyObserver"/> so streaming bodies arm the timer at their end.
/// </summary>
internal sealed class UpstreamRequest : IRequestBodyObserver, IExchangeDeadline, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenRegistration _downstream;
    private readonly CancellationTokenRegistration _streamTimeout;
    private long _deadline;
    private int _timedOut;

    public UpstreamRequest(TimeSpan timeout, TimeProvider time, CancellationToken downstreamAborted, StreamTimers streamTimers)
    {
        _timeout = timeout;
        _time = time;
        StreamTimers = streamTimers;
        _downstream = downstreamAborted.UnsafeRegister(static s => ((UpstreamRequest)s!).Cancel(), this);
        _streamTimeout = streamTimers.Token.UnsafeRegister(static s => ((UpstreamRequest)s!).Cancel(), this);
        DownstreamAborted = downstreamAborted;
    }

    public StreamTimers StreamTimers { get; }

    public CancellationToken Token => _cts.Token;

    public CancellationToken DownstreamAborted { get; }

    /// <summary>True when the route timeout (not the client) ended the exchange.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) != 0 && !DownstreamAborted.IsCancellationRequested;

    /// <summary>True when a connection manager stream timer (not the client) ended the exchange.</summary>
    public bool StreamTimedOut => StreamTimers.Fired != StreamTimeout.None && !DownstreamAborted.IsCancellationRequested;

    public long RequestBodyBytes { get; private set; }

    public long Deadline => Volatile.Read(ref _deadline);

    /// <summary>
    /// Starts the route timer (no request body, or the body just ended). It runs on the stream timers' timer
    /// (<see cref="IExchangeDeadline"/>): a timer of its own per request cost two updates of the runtime's
    /// timer queue, under its lock.
    /// </summary>
    public void ArmTimeout()
    {
        if (_timeout > TimeSpan.Zero && Volatile.Read(ref _deadline) == 0)
        {
            Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(_timeout.TotalSeconds * _time.TimestampFrequency));
            StreamTimers.Watch(this);
        }
    }

    /// <summary>The route timeout passed: the exchange is cancelled and counts as timed out.</summary>
    public void Expire()
    {
        MarkTimedOut();
        Cancel();
    }

    public void OnRequestBodyData() => StreamTimers.Touch();

    public void OnRequestBodyComplete(long bytes)
    {
        RequestBodyBytes = bytes;
        StreamTimers.RequestComplete();
        ArmTimeout();
    }

    public void Dispose()
    {
        StreamTimers.Unwatch(this);
        _downstream.Dispose();
        _streamTimeout.Dispose();
        _cts.Dispose();
    }

    private void MarkTimedOut()
    {
        if (!DownstreamAborted.IsCancellationRequested)
        {
            Volatile.Write(ref _timedOut, 1);
        }
    }

    private void Cancel()
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
