using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 upstream on loopback whose answers the test writes byte for byte, for what a well-behaved
/// server never sends (interim responses, close-delimited bodies, trailers, malformed heads, closes at awkward
/// moments). It reads each request (head, then a Content-Length or chunked body, decoded), records it, and asks
/// the script for the reply: raw bytes to send, then whether to close the connection. A null reply closes the
/// connection without answering.
/// </summary>
public sealed class ScriptedHttpUpstream : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<ScriptedRequest, ScriptedReply?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;
    private int _closedByPeer;

    private ScriptedHttpUpstream(Socket listener, Func<ScriptedRequest, ScriptedReply?> script)
    {
        _listener = listener;
        _script = script;
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections the proxy closed (the upstream read end of stream while waiting for a request).</summary>
    public int ClosedByPeer => Volatile.Read(ref _closedByPeer);

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    public static ScriptedHttpUpstream Start(Func<ScriptedRequest, ScriptedReply?> script)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new ScriptedHttpUpstream(listener, script);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await Task.WhenAll(_connections.Append(_accepting)).ContinueWith(static _ => { });
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var index = Interlocked.Increment(ref _accepted);
            _connections.Add(ServeAsync(socket, index));
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket);
        var reader = new RawReader(stream);
        try
        {
            for (var onConnection = 1; !_stop.IsCancellationRequested; onConnection++)
            {
                var head = await reader.ReadHeadAsync(_stop.Token);
                if (head is null)
                {
                    Interlocked.Increment(ref _closedByPeer);
                    return;
                }

                var body = await reader.ReadBodyAsync(head, _stop.Token);
                var request = new ScriptedRequest(head, body, connection, onConnection);
                Requests.Enqueue(request);
                var reply = _script(request);
                if (reply is null)
                {
                    return;
                }

                await stream.WriteAsync(Encoding.Latin1.GetBytes(reply.Raw), _stop.Token);
                if (reply.Close)
                {
                    return;
                }

                if (reply.Later is { } later)
                {
                    await Task.Delay(100, _stop.Token);
                    await stream.WriteAsync(Encoding.Latin1.GetBytes(later), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Reads request heads and bodies off a connection.</summary>
    private sealed class RawReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadHeadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var text = Encoding.Latin1.GetString(_buffer, _start, _end - _start);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    _start += end + 4;
                    return text[..(end + 4)];
                }

                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }
        }

        public async Task<string> ReadBodyAsync(string head, CancellationToken cancellationToken)
        {
            var lines = head.Split("\r\n");
            var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase)).Select(p => long.Parse(p[1].Trim())).FirstOrDefault();
            var chunked = lines.Any(l => l.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
            var body = new StringBuilder();
            if (!chunked)
            {
                await ReadExactAsync(body, length, cancellationToken);
                return body.ToString();
            }

            while (true)
            {
                var sizeLine = await ReadLineAsync(cancellationToken);
                var size = Convert.ToInt64(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(cancellationToken)).Length > 0)
                    {
                    }

                    return body.ToString();
                }

                await ReadExactAsync(body, size, cancellationToken);
                await ReadLineAsync(cancellationToken);
            }
        }

        private async Task ReadExactAsync(StringBuilder body, long count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                if (_end == _start && !await FillAsync(cancellationToken))
                {
                    throw new IOException("request body cut short");
                }

                var take = (int)Math.Min(count, _end - _start);
                body.Append(Encoding.Latin1.GetString(_buffer, _start, take));
                _start += take;
                count -= take;
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var at = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (at >= 0)
                {
                    var line = Encoding.Latin1.GetString(_buffer, _start, at - _start).TrimEnd('\r');
                    _start = at + 1;
                    return line;
                }

                if (!await FillAsync(cancellationToken))
                {
                    throw new IOException("connection ended inside a chunked body");
                }
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }
}

/// <summary>A request as the scripted upstream read it: the raw head, the decoded body, which connection and which request on it.</summary>
public sealed record ScriptedRequest(string Head, string Body, int Connection, int OnConnection)
{
    public string RequestLine => Head[..Head.IndexOf("\r\n", StringComparison.Ordinal)];

    public bool HasHeaderLine(string line) => Head.Split("\r\n").Contains(line, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Raw bytes (Latin-1) to answer with; Close: close the connection after them; Later: bytes nobody asked for,
/// sent 100 ms after the answer on the then idle connection.
/// </summary>
public sealed record ScriptedReply(string Raw, bool Close = false, string? Later = null);
