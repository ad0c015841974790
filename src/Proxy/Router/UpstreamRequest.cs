using Proxy.Router.Forwarding;

namespace Proxy.Router;

/// <summary>
/// The route timeout of one upstream exchange (Envoy: it starts when the downstream request is complete
/// and covers the whole upstream response), and the downstream abort folded into one token.
/// Implements <see cref="IRequestBodyObserver"/> so streaming bodies arm the timer at their end.
/// </summary>
internal sealed class UpstreamRequest : IRequestBodyObserver, IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _downstream;
    private int _timedOut;

    public UpstreamRequest(TimeSpan timeout, TimeProvider time, CancellationToken downstreamAborted)
    {
        _timeout = timeout;
        _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _downstream = downstreamAborted.UnsafeRegister(static s => ((UpstreamRequest)s!).Cancel(), this);
        DownstreamAborted = downstreamAborted;
    }

    public CancellationToken Token => _cts.Token;

    public CancellationToken DownstreamAborted { get; }

    /// <summary>True when the route timeout (not the client) ended the exchange.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) != 0 && !DownstreamAborted.IsCancellationRequested;

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

    public void OnRequestBodyComplete(long bytes)
    {
        RequestBodyBytes = bytes;
        ArmTimeout();
    }

    public void Dispose()
    {
        _downstream.Dispose();
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
