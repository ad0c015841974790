using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Http.Codec.Http2.Hpack;
using Proxy.Listeners;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// The proxy's own downstream HTTP/2 server (RFC 9113) for one connection, with prior knowledge (h2c, or h2
/// once TLS and ALPN chose it). One read loop, on the socket's thread, parses the frames; each request's
/// stream starts the application right there, and the response goes out from the thread the application
/// runs on when it writes. Nothing passes through the thread pool or a queue, where Kestrel's HTTP/2 server
/// moved every request across three thread-pool hops (bench/README.md, "h2c: three thread-pool hops").
/// <para>
/// Envoy's semantics where they differ from Kestrel's: extended CONNECT is not offered (Envoy offers it only
/// with allow_connect); a malformed request ends the connection with GOAWAY PROTOCOL_ERROR, as Envoy does
/// unless override_stream_error_on_invalid_http_message is set; a request header block over
/// max_request_headers_kb or max_headers_count gets 431. The connection window is reopened as DATA arrives
/// and each stream's as the application reads, so what a connection buffers is bounded by the stream window
/// times its streams.
/// </para>
/// </summary>
internal sealed partial class Http2ServerConnection : IConnectionLifetimeNotificationFeature, IHttpConnectionFeature
{
    /// <summary>The client connection preface (RFC 9113 §3.4).</summary>
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Kestrel's defaults, kept when http2_protocol_options sets no window.</summary>
    private const int DefaultStreamWindow = 768 * 1024;
    private const int DefaultConnectionWindow = 1024 * 1024;
    private const int ProtocolDefaultWindow = 65535;

    private readonly ConnectionContext _connection;
    private readonly DownstreamConnection _downstream;
    private readonly IHttpRequestHandler _handler;
    private readonly CodecSettings _settings;
    private readonly HpackDecoder _decoder;
    private readonly Http2RequestHeaderSink _sink;
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly Stack<Http2Stream> _idleStreams = new();
    private readonly int _streamWindow;
    private readonly int _connectionWindow;
    private readonly CancellationTokenSource _closeRequested = new();
    private readonly int[] _recentlyReset = new int[16];
    private int _recentlyResetNext;
    private ITimer? _idleTimer;
    private ITimer? _pingTimer;
    private long _idleSince;
    private int _lastStreamId;
    private int _connectionReceiveWindow;
    private int _connectionUnacknowledged;
    private volatile bool _goingAway;
    private volatile bool _closing;
    private volatile bool _started;
    private bool _pingOutstanding;

    public Http2ServerConnection(ConnectionContext connection, DownstreamConnection downstream, IHttpRequestHandler handler, CodecSettings settings, TimeProvider time)
    {
        _connection = connection;
        _downstream = downstream;
        _handler = handler;
        _settings = settings;
        Time = time;
        Writer = new Http2FrameWriter(connection.Transport.Output);
        _decoder = new HpackDecoder(maxTableSize: 4096, maxHeaderListSize: settings.MaxRequestHeadersTotalSize);
        _sink = new Http2RequestHeaderSink(settings.MaxRequestHeaderCount);
        _streamWindow = settings.Http2InitialStreamWindowSize ?? DefaultStreamWindow;
        _connectionWindow = Math.Max(settings.Http2InitialConnectionWindowSize ?? DefaultConnectionWindow, ProtocolDefaultWindow);
        _connectionReceiveWindow = _connectionWindow;
        ConnectionId = connection.ConnectionId;
        if (connection.RemoteEndPoint is IPEndPoint remote)
        {
            RemoteIpAddress = remote.Address;
            RemotePort = remote.Port;
        }

        if (connection.LocalEndPoint is IPEndPoint local)
        {
            LocalIpAddress = local.Address;
            LocalPort = local.Port;
        }
    }

    public TimeProvider Time { get; }

    public Http2FrameWriter Writer { get; }

    public Http2SendWindows Windows { get; } = new();

    /// <summary>The features every stream's collection falls back to: the connection's, with this one added.</summary>
    public IFeatureCollection ConnectionFeatures => _connection.Features;

    /// <summary>Consumed request octets after which a stream's window is reopened: half of it.</summary>
    public int StreamWindowUpdateThreshold => Math.Max(_streamWindow / 2, 1);

    // IHttpConnectionFeature
    public string ConnectionId { get; set; }

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }

    // IConnectionLifetimeNotificationFeature
    public CancellationToken ConnectionClosedRequested
    {
        get => _closeRequested.Token;
        set => throw new NotSupportedException();
    }

    /// <summary>Serves the connection until the peer closes it, a connection error, idle_timeout or drain.</summary>
    public async Task RunAsync()
    {
        var input = _connection.Transport.Input;
        _connection.Features.Set<IConnectionLifetimeNotificationFeature>(this);
        _connection.Features.Set<IHttpConnectionFeature>(this);
        try
        {
            if (!await ReadPrefaceAsync(input).ConfigureAwait(false))
            {
                return;
            }

            SendSettings();
            _started = true;
            Interlocked.MemoryBarrier(); // pairs with RequestClose's: one of the two sees the other's flag
            if (_goingAway)
            {
                // Drain began before the server's preface went out; its GOAWAY had to wait for SETTINGS (§3.4).
                Writer.WriteGoAway(0, Http2ErrorCode.NoError);
                EndIfNoStreams(); // its read cancel may have been spent on the preface
            }

            await Writer.FlushAsync().ConfigureAwait(false);
            StartTimers();
            await ReadFramesAsync(input).ConfigureAwait(false);
        }
        catch (Http2ProtocolException e)
        {
            Writer.WriteGoAway(_lastStreamId, e.Code, e.Message);
            await Writer.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away or the connection was aborted; nothing is left to answer.
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Drain (listener removed, server stopping): GOAWAY; in-flight streams finish, then the connection closes.</summary>
    public void RequestClose()
    {
        if (_goingAway)
        {
            return;
        }

        _goingAway = true;
        try
        {
            _closeRequested.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        Interlocked.MemoryBarrier();
        if (_started)
        {
            Writer.WriteGoAway(Volatile.Read(ref _lastStreamId), Http2ErrorCode.NoError);
            _ = Writer.FlushAsync();
        }

        EndIfNoStreams();
    }

    /// <summary>Closes at once (server stop after the drain time, keepalive timeout).</summary>
    public void Abort() => _connection.Abort(new ConnectionAbortedException("The HTTP/2 connection was closed."));

    /// <summary>A stream's application returned and its response ended: it leaves the table and waits for reuse.</summary>
    public void OnStreamFinished(Http2Stream stream)
    {
        lock (_streams)
        {
            _streams.Remove(stream.Id);
            if (!_closing)
            {
                _idleStreams.Push(stream);
            }
            else
            {
                stream.Release();
            }

            if (_streams.Count == 0)
            {
                Volatile.Write(ref _idleSince, Time.GetTimestamp());
            }
        }

        EndIfNoStreams();
    }

    /// <summary>
    /// Remembers a stream this side reset before the client ended it: frames the client had already sent on it
    /// are ignored (RFC 9113 §5.4.2, §6.4), where HEADERS on any other closed stream is a connection error.
    /// </summary>
    public void RememberReset(int streamId)
    {
        lock (_recentlyReset)
        {
            _recentlyReset[_recentlyResetNext] = streamId;
            _recentlyResetNext = (_recentlyResetNext + 1) % _recentlyReset.Length;
        }
    }

    private bool WasRecentlyReset(int streamId)
    {
        lock (_recentlyReset)
        {
            return Array.IndexOf(_recentlyReset, streamId) >= 0;
        }
    }

    private void EndIfNoStreams()
    {
        bool empty;
        lock (_streams)
        {
            empty = _streams.Count == 0;
        }

        if (_goingAway && empty)
        {
            _connection.Transport.Input.CancelPendingRead();
        }
    }

    private static async ValueTask<bool> ReadPrefaceAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var length = (int)Math.Min(buffer.Length, Preface.Length);
            if (!StartsLikePreface(buffer, length))
            {
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "invalid connection preface");
            }

            if (length == Preface.Length)
            {
                input.AdvanceTo(buffer.GetPosition(Preface.Length));
                return true;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return false;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool StartsLikePreface(in ReadOnlySequence<byte> buffer, int length)
    {
        Span<byte> start = stackalloc byte[24];
        buffer.Slice(0, length).CopyTo(start);
        return start[..length].SequenceEqual(Preface[..length]);
    }

    private void SendSettings()
    {
        Writer.WriteSettings(
        [
            (Http2Setting.MaxConcurrentStreams, (uint)_settings.Http2MaxConcurrentStreams),
            (Http2Setting.InitialWindowSize, (uint)_streamWindow),
        ]);
        if (_connectionWindow > ProtocolDefaultWindow)
        {
            Writer.WriteWindowUpdate(0, _connectionWindow - ProtocolDefaultWindow);
        }
    }

    private async Task ReadFramesAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (TryReadFrame(ref buffer, out var header, out var payload))
                {
                    try
                    {
                        ProcessFrame(header, payload);
                    }
                    catch (Http2ProtocolException e) when (e.StreamId != 0)
                    {
                        ResetStream(e.StreamId, e.Code);
                    }
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            await Writer.FlushAsync().ConfigureAwait(false);
            if (result.IsCompleted || _closing || (result.IsCanceled && _goingAway))
            {
                return;
            }
        }
    }

    /// <summary>Cuts one whole frame off the front of <paramref name="buffer"/>; false when it is not all there yet.</summary>
    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Http2FrameHeader header, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (!Http2FrameHeader.TryRead(buffer, out header))
        {
            return false;
        }

        // §4.2: nothing larger than our SETTINGS_MAX_FRAME_SIZE (the default; we advertise no other).
        if (header.Length > Http2FrameWriter.DefaultMaxFrameSize)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "frame larger than SETTINGS_MAX_FRAME_SIZE");
        }

        if (buffer.Length < Http2FrameHeader.Size + header.Length)
        {
            return false;
        }

        payload = buffer.Slice(Http2FrameHeader.Size, header.Length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>RST_STREAM from this side (a stream error, a refused or rejected request); frames still in flight on it are ignored.</summary>
    private void ResetStream(int streamId, Http2ErrorCode code)
    {
        Http2Stream? stream;
        lock (_streams)
        {
            _streams.TryGetValue(streamId, out stream);
        }

        if (stream is not null)
        {
            stream.OnPeerReset("stream error " + code);
        }

        RememberReset(streamId);
        Writer.WriteRstStream(streamId, code);
    }

    private void StartTimers()
    {
        Volatile.Write(ref _idleSince, Time.GetTimestamp());
        _idleTimer = Time.CreateTimer(static s => ((Http2ServerConnection)s!).OnIdleTimer(), this, _settings.IdleTimeout, Timeout.InfiniteTimeSpan);
        if (_settings.Http2KeepAliveInterval is { } interval && interval > TimeSpan.Zero)
        {
            _pingTimer = Time.CreateTimer(static s => ((Http2ServerConnection)s!).OnPingTimer(), this, interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>idle_timeout: with no stream for that long, GOAWAY and close (Envoy's connection idle timer).</summary>
    private void OnIdleTimer()
    {
        bool idle;
        lock (_streams)
        {
            idle = _streams.Count == 0;
        }

        var since = Volatile.Read(ref _idleSince);
        var left = _settings.IdleTimeout - Time.GetElapsedTime(since);
        if (idle && left <= TimeSpan.Zero)
        {
            RequestClose();
            return;
        }

        _idleTimer?.Change(left > TimeSpan.Zero ? left : _settings.IdleTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>connection_keepalive: a PING every interval; no ACK within the timeout closes the connection.</summary>
    private void OnPingTimer()
    {
        if (Volatile.Read(ref _pingOutstanding))
        {
            Abort();
            return;
        }

        Volatile.Write(ref _pingOutstanding, true);
        Writer.WritePing((ulong)Time.GetTimestamp(), ack: false);
        _ = Writer.FlushAsync();
        _pingTimer?.Change(_settings.Http2KeepAliveTimeout ?? TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
    }

    private void OnPingAck()
    {
        Volatile.Write(ref _pingOutstanding, false);
        if (_settings.Http2KeepAliveInterval is { } interval)
        {
            _pingTimer?.Change(interval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task CloseAsync()
    {
        Http2Stream[] open;
        lock (_streams)
        {
            _closing = true;
            open = [.. _streams.Values];
            while (_idleStreams.TryPop(out var idle))
            {
                idle.Release();
            }
        }

        foreach (var stream in open)
        {
            stream.OnPeerReset("The HTTP/2 connection closed.");
        }

        _idleTimer?.Dispose();
        _pingTimer?.Dispose();
        await Writer.FlushAsync().ConfigureAwait(false);
        Writer.Close();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
