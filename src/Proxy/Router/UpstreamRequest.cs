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
    private const int Live = 0;
    private const int Cancelled = 1;
    private const int Ended = 2;

    private readonly CancellationTokenSource _cts;
    private readonly CancellationSourceSlot _slot;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenRegistration _downstream;
    private readonly CancellationTokenRegistration _streamTimeout;
    private long _deadline;
    private int _timedOut;

    /// <summary><see cref="Live"/>, <see cref="Cancelled"/> or <see cref="Ended"/>: who had the source last.</summary>
    private int _state;

    /// <param name="slot">Where the exchange's cancellation source comes from and goes back to when it ends uncancelled.</param>
    public UpstreamRequest(TimeSpan timeout, TimeProvider time, CancellationToken downstreamAborted, StreamTimers streamTimers, CancellationSourceSlot slot)
    {
        _slot = slot;
        _cts = slot.Take();
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

    /// <summary>
    /// Ends the exchange. Whatever still holds it afterwards (a request body still being sent, a timer that had
    /// just read it) can no longer cancel its source, which the next exchange of the context may be using.
    /// </summary>
    public void Dispose()
    {
        StreamTimers.Unwatch(this);
        _downstream.Dispose();
        _streamTimeout.Dispose();
        if (Interlocked.Exchange(ref _state, Ended) != Live)
        {
            // Ended already, or cancelled: a cancelled source is not reused, nor disposed while its cancellation
            // may still be running callbacks on another thread (it holds nothing that needs disposing).
            return;
        }

        _slot.Return(_cts);
    }

    private void MarkTimedOut()
    {
        if (!DownstreamAborted.IsCancellationRequested)
        {
            Volatile.Write(ref _timedOut, 1);
        }
    }

    /// <summary>
    /// Cancels the exchange unless it ended. Once cancelled, the source never goes back to the slot, so a
    /// cancellation that comes late cannot reach the next exchange.
    /// </summary>
    private void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Live) == Live)
        {
            _cts.Cancel();
        }
    }
}
