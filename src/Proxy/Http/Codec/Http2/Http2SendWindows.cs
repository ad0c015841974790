namespace Proxy.Http.Codec.Http2;

/// <summary>
/// The flow-control windows the peer grants this server for sending DATA (RFC 9113 §5.2, §6.9): one for the
/// connection, one per stream (<see cref="Http2Stream.SendWindow"/>), all under one lock because a DATA frame
/// takes from both. A stream that finds no room registers a waiter; WINDOW_UPDATE and SETTINGS frames, handled
/// on the read loop, release it there, so the waiting response goes on from the socket thread without a hop.
/// </summary>
internal sealed class Http2SendWindows
{
    /// <summary>The largest window RFC 9113 §6.9.1 allows.</summary>
    public const int MaxWindow = int.MaxValue;

    private const int DefaultWindow = 65535;

    private readonly object _lock = new();
    private readonly List<Http2Stream> _waitingForConnection = [];
    private long _connection = DefaultWindow;
    private int _initialStreamWindow = DefaultWindow;

    /// <summary>What a new stream starts with: the peer's SETTINGS_INITIAL_WINDOW_SIZE.</summary>
    public int InitialStreamWindow
    {
        get
        {
            lock (_lock)
            {
                return _initialStreamWindow;
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="wanted"/> octets from both windows. Returns 0 and a task to await when either
    /// is empty (or negative, after a SETTINGS change); the task completes when there may be room again, or when
    /// the stream is reset.
    /// </summary>
    public int TryTake(Http2Stream stream, int wanted, out Task? wait)
    {
        TaskCompletionSource? waiter = null;
        lock (_lock)
        {
            var available = (int)Math.Min(Math.Min(stream.SendWindow, _connection), wanted);
            if (available > 0)
            {
                stream.SendWindow -= available;
                _connection -= available;
                wait = null;
                return available;
            }

            waiter = stream.WindowWaiter ??= new TaskCompletionSource();
            if (stream.SendWindow > 0 && !_waitingForConnection.Contains(stream))
            {
                _waitingForConnection.Add(stream);
            }
        }

        wait = waiter.Task;
        return 0;
    }

    /// <summary>A WINDOW_UPDATE on stream 0. False when the window would exceed 2^31-1 (FLOW_CONTROL_ERROR).</summary>
    public bool AddConnection(int increment)
    {
        Http2Stream[] woken;
        lock (_lock)
        {
            if (_connection + increment > MaxWindow)
            {
                return false;
            }

            _connection += increment;
            if (_waitingForConnection.Count == 0)
            {
                return true;
            }

            woken = [.. _waitingForConnection];
            _waitingForConnection.Clear();
        }

        foreach (var stream in woken)
        {
            Wake(stream);
        }

        return true;
    }

    /// <summary>A WINDOW_UPDATE on a stream. False when its window would exceed 2^31-1.</summary>
    public bool AddStream(Http2Stream stream, int increment)
    {
        lock (_lock)
        {
            if (stream.SendWindow + increment > MaxWindow)
            {
                return false;
            }

            stream.SendWindow += increment;
        }

        Wake(stream);
        return true;
    }

    /// <summary>
    /// SETTINGS_INITIAL_WINDOW_SIZE changed: every open stream's window moves by the difference (§6.9.2), possibly
    /// below zero. False when a window would exceed 2^31-1.
    /// </summary>
    public bool SetInitialStreamWindow(int value, IReadOnlyCollection<Http2Stream> streams)
    {
        lock (_lock)
        {
            var delta = value - _initialStreamWindow;
            foreach (var stream in streams)
            {
                if (stream.SendWindow + delta > MaxWindow)
                {
                    return false;
                }
            }

            _initialStreamWindow = value;
            foreach (var stream in streams)
            {
                stream.SendWindow += delta;
            }
        }

        foreach (var stream in streams)
        {
            Wake(stream);
        }

        return true;
    }

    /// <summary>Releases a stream's waiter (a window grew, or the stream is gone); it tries again.</summary>
    public void Wake(Http2Stream stream)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = stream.WindowWaiter;
            stream.WindowWaiter = null;
            if (waiter is not null)
            {
                _waitingForConnection.Remove(stream);
            }
        }

        waiter?.TrySetResult();
    }
}
