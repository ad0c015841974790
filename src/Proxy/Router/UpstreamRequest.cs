using Proxy.Http.Timeouts;
using Proxy.Router.Forwarding;

namespace Proxy.Router;

/// <summary>
/// The route timeout of one upstream exchange (Envoy: it starts when the downstream request is complete
/// and covers the whole upstream response), the downstream abort and the connection manager's stream
/// timers folded into one token.
/// Implements <see cref="IRequestBodyObserver"/> so streaming bodies arm the timer at their end.
/// </summary>
internal sealed class UpstreamRequest : IRequestBodyObserver, IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _downstream;
    private readonly CancellationTokenRegistration _streamTimeout;
    private int _timedOut;

    public UpstreamRequest(TimeSpan timeout, TimeProvider time, CancellationToken downstreamAborted, StreamTimers streamTimers)
    {
        _timeout = timeout;
        _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
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

    /// <summary>Starts the route timer (no request body, or the body just ended).</summary>
    public void ArmTimeout()
    {
        if (_timeout > TimeSpan.Zero)
        {
            try
            {
                _cts.Token.UnsafeRegister(static s => ((UpstreamRequest)s!).MarkTimedOut(), this);
                _cts.CancelAfter(_timeout);
            }
            catch (ObjectDisposedException)
            {
            }
        }
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
