namespace Proxy.Filters.AccessLog.Files;

/// <summary>
/// One access log destination (a file, stdout or stderr) shared by every logger that names it, as Envoy's
/// AccessLogFileImpl: <see cref="Write"/> only appends to an in-memory buffer under a short lock; the buffer is
/// written out by a background flush when it passes 64 KiB, on every <c>--file-flush-interval-msec</c> tick of
/// the injected clock, and on dispose. <see cref="Reopen"/> (admin <c>/reopen_logs</c>) makes the next flush
/// close and reopen the file, so rotated logs continue in a new file.
/// </summary>
public sealed class AccessLogFile : IDisposable
{
    /// <summary>Envoy's min_flush_size: a buffer this large is flushed without waiting for the timer.</summary>
    public const int FlushThreshold = 64 * 1024;

    /// <summary>Entries that would grow the buffer past this while the disk is stuck are dropped, not queued.</summary>
    public const int MaxBufferedBytes = 16 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly object _flushGate = new();
    private readonly Func<Stream> _open;
    private readonly bool _ownsStream;
    private readonly AccessLogFileStats _stats;
    private readonly ITimer _timer;
    private byte[] _pending = new byte[FlushThreshold];
    private int _pendingLength;
    private byte[]? _spare = new byte[FlushThreshold];
    private bool _flushQueued;
    private bool _reopen;
    private bool _disposed;
    private bool _closed;
    private Stream? _stream;
    private Task _lastFlush = Task.CompletedTask;
    private long _dropped;

    internal AccessLogFile(string path, Func<Stream> open, bool ownsStream, TimeProvider clock, TimeSpan flushInterval, AccessLogFileStats stats)
    {
        Path = path;
        _open = open;
        _ownsStream = ownsStream;
        _stats = stats;
        _stream = open();
        _timer = clock.CreateTimer(static state => ((AccessLogFile)state!).OnTimer(), this, flushInterval, flushInterval);
    }

    /// <summary>The configured path ("/dev/stdout" style names for the standard streams).</summary>
    public string Path { get; }

    /// <summary>Entries dropped because <see cref="MaxBufferedBytes"/> were already waiting.</summary>
    public long DroppedEntries => Interlocked.Read(ref _dropped);

    /// <summary>The most recent size-triggered background flush, for tests to await.</summary>
    internal Task LastFlush => Volatile.Read(ref _lastFlush);

    /// <summary>Appends one formatted entry. Never blocks on I/O.</summary>
    public void Write(ReadOnlySpan<byte> entry)
    {
        var queueFlush = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_pendingLength + entry.Length > MaxBufferedBytes)
            {
                _dropped++;
                return;
            }

            if (_pendingLength + entry.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + entry.Length));
            }

            entry.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += entry.Length;
            if (_pendingLength >= FlushThreshold && !_flushQueued)
            {
                _flushQueued = true;
                queueFlush = true;
            }
        }

        _stats.WriteBuffered.Inc();
        _stats.WriteTotalBuffered.Add(entry.Length);
        if (queueFlush)
        {
            var flush = Task.Factory.StartNew(
                static state => ((AccessLogFile)state!).FlushCore(),
                this,
                CancellationToken.None,
                TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
            Volatile.Write(ref _lastFlush, flush);
        }
    }

    /// <summary>Asks for the file to be closed and opened again before the next write (logrotate, <c>/reopen_logs</c>).</summary>
    public void Reopen()
    {
        lock (_gate)
        {
            _reopen = true;
        }
    }

    /// <summary>Writes everything buffered now, on the calling thread (shutdown, tests, admin).</summary>
    public void Flush() => FlushCore();

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        FlushCore();
        lock (_flushGate)
        {
            _closed = true;
            if (_ownsStream)
            {
                _stream?.Dispose();
            }

            _stream = null;
        }
    }

    private void OnTimer()
    {
        _stats.FlushedByTimer.Inc();
        FlushCore();
    }

    private void FlushCore()
    {
        // One flush at a time; only background threads (and shutdown) ever wait here, never a request.
        lock (_flushGate)
        {
            if (_closed)
            {
                return;
            }

            byte[] buffer;
            int length;
            bool reopen;
            lock (_gate)
            {
                buffer = _pending;
                length = _pendingLength;
                _pending = _spare!;
                _pendingLength = 0;
                _spare = null;
                _flushQueued = false;
                reopen = _reopen;
                _reopen = false;
            }

            try
            {
                if (reopen)
                {
                    ReopenStream();
                }

                if (length > 0)
                {
                    WriteOut(buffer, length);
                }
            }
            finally
            {
                _stats.WriteTotalBuffered.Sub(length);
                lock (_gate)
                {
                    // After a burst the buffer may have grown far past the threshold; do not keep it for ever.
                    _spare = buffer.Length > 4 * FlushThreshold ? new byte[FlushThreshold] : buffer;
                }
            }
        }
    }

    private void ReopenStream()
    {
        try
        {
            if (_ownsStream)
            {
                _stream?.Dispose();
            }

            _stream = null;
            _stream = _open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _stats.ReopenFailed.Inc();
        }
    }

    private void WriteOut(byte[] buffer, int length)
    {
        try
        {
            // A file that failed to reopen is retried at each flush; its entries are lost meanwhile, as in Envoy.
            _stream ??= _open();
            _stream.Write(buffer, 0, length);
            _stream.Flush();
            _stats.WriteCompleted.Inc();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _stats.WriteFailed.Inc();
        }
    }
}
