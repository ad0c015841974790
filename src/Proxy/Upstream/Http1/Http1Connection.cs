using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Proxy.Upstream.Connections;

namespace Proxy.Upstream.Http1;

/// <summary>
/// One upstream HTTP/1.1 connection: the socket, a read buffer that holds what arrived past the part of a
/// response already consumed, and its bookkeeping for the pool (requests carried, when it went idle).
/// Requests run one at a time (no pipelining). <see cref="Abort"/> may be called from any thread (timeouts,
/// downstream resets) and makes pending and later socket operations fail; <see cref="Close"/> is the pool's.
/// </summary>
internal sealed class Http1Connection
{
    private const int InitialBufferSize = 4 * 1024;
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly ConnectionLifetime _lifetime;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private int _aborted;

    /// <summary>The last final response head read on this connection: the next one reuses its equal strings.</summary>
    private Http1ResponseHead? _lastHead;

    public Http1Connection(Socket socket, ConnectionLifetime lifetime)
    {
        _socket = socket;
        _lifetime = lifetime;
    }

    public long OpenedAt => _lifetime.OpenedAt;

    /// <summary>When the connection last went back to the pool (a timestamp of the cluster's TimeProvider).</summary>
    public long IdleSince { get; set; }

    /// <summary>Requests started on this connection.</summary>
    public int Requests { get; private set; }

    /// <summary>True once any byte of the current request's response arrived.</summary>
    public bool ResponseStarted { get; private set; }

    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    public void BeginRequest()
    {
        Requests++;
        ResponseStarted = false;
    }

    /// <summary>
    /// True when an idle connection can carry a request: not aborted, and nothing to read. An idle socket that
    /// is readable has either been closed by the upstream (its keep-alive timeout) or sent bytes nobody asked
    /// for; both make it unusable.
    /// </summary>
    public bool IsUsableWhenIdle()
    {
        try
        {
            return !IsAborted && _end == _start && !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
            _lifetime.Sent(sent);
            data = data[sent..];
        }
    }

    /// <summary>Streams a request body, chunk-framed when its length is unknown; aborts the connection if it fails.</summary>
    public async Task SendBodyAsync(HttpContent body, bool chunked)
    {
        try
        {
            await body.CopyToAsync(new Http1BodyWriteStream(this, chunked), null, CancellationToken.None).ConfigureAwait(false);
            if (chunked)
            {
                await WriteAsync(LastChunk).ConfigureAwait(false);
            }
        }
        catch
        {
            Abort();
            throw;
        }
    }

    /// <summary>Reads the next final response head; interim responses (100 Continue, 103 Early Hints) are skipped as Envoy does.</summary>
    /// <remarks>Its state machine comes from a pool: it waits on every request (bench/README.md, "Allocation per request").</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http1ResponseHead> ReadHeadAsync(Http1ParseLimits limits, bool headRequest)
    {
        while (true)
        {
            if (_end > _start
                && Http1ResponseParser.TryParse(_buffer.AsSpan(_start, _end - _start), limits, headRequest, out var consumed, out var head, _lastHead))
            {
                _start += consumed;
                if (head!.StatusCode == 101)
                {
                    // Only upgrades may switch protocols, and upgrades do not travel on this client.
                    throw Http1ProtocolException.Invalid("101 Switching Protocols without an upgrade");
                }

                if (!head.IsInterim)
                {
                    _lastHead = head;
                    return head;
                }

                continue;
            }

            // The socket is awaited here, not through FillAsync: every response waits at this point, and each
            // async layer between the socket and the router is resumed (and on its first wait allocated) per request.
            var read = await _socket.ReceiveAsync(FreeSpace(limits.MaxHeaderBytes + InitialBufferSize), SocketFlags.None).ConfigureAwait(false);
            if (Filled(read) == 0)
            {
                throw Http1ProtocolException.Ended();
            }
        }
    }

    /// <summary>Reads body bytes: what is buffered first, else straight from the socket into <paramref name="destination"/>.</summary>
    /// <returns>0 only when the upstream closed the connection.</returns>
    public ValueTask<int> ReadAsync(Memory<byte> destination)
    {
        if (_end > _start)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return new ValueTask<int>(count);
        }

        return ReceiveAsync(destination);
    }

    /// <summary>Reads one line (a chunk size or a trailer) without its line end.</summary>
    /// <exception cref="HttpRequestException">The line is longer than <paramref name="maxLength"/> or the connection ended.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(int maxLength)
    {
        while (true)
        {
            if (Http1ResponseParser.TryReadLine(_buffer.AsSpan(_start, _end - _start), 0, out var line, out var next))
            {
                var result = _buffer.AsMemory(_start, line.Length);
                _start += next;
                return result;
            }

            if (_end - _start > maxLength)
            {
                throw Http1ProtocolException.Invalid("line too long in a chunked body");
            }

            if (await FillAsync(maxLength + InitialBufferSize).ConfigureAwait(false) == 0)
            {
                throw Http1ProtocolException.Ended();
            }
        }
    }

    /// <summary>Makes the connection fail now: pending and later reads and writes throw. Idempotent, any thread.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Closes the connection for good and counts it closed.</summary>
    public void Close()
    {
        Abort();
        _lifetime.Closed();
    }

    private async ValueTask<int> FillAsync(int maxBuffer) =>
        Filled(await _socket.ReceiveAsync(FreeSpace(maxBuffer), SocketFlags.None).ConfigureAwait(false));

    /// <summary>
    /// The buffer's free end for the next read: what is unconsumed moves to the front, and a full buffer grows
    /// up to <paramref name="maxBuffer"/>.
    /// </summary>
    private Memory<byte> FreeSpace(int maxBuffer)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxBuffer)
            {
                throw Http1ProtocolException.Invalid("response head too large");
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxBuffer));
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Takes <paramref name="read"/> bytes that a read put at the buffer's free end.</summary>
    private int Filled(int read)
    {
        Received(read);
        _end += read;
        return read;
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> destination)
    {
        var read = await _socket.ReceiveAsync(destination, SocketFlags.None).ConfigureAwait(false);
        Received(read);
        return read;
    }

    private void Received(int read)
    {
        if (read > 0)
        {
            ResponseStarted = true;
            _lifetime.Received(read);
        }
    }
}
