using System.Net;
using System.Net.Sockets;
using System.Text;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

/// <summary>A floor forwarder between a raw-socket client and a raw-socket upstream, on loopback; the
/// derived classes start the socket-to-socket or the Kestrel one.</summary>
public abstract class ForwarderTests : IAsyncLifetime
{
    private readonly TcpListener _upstream = new(IPAddress.Loopback, 0);
    private readonly List<string> _received = [];
    private UpstreamPool? _pool;
    private IDisposable? _forwarder;
    private EndPoint? _at;
    private int _upstreamConnections;

    protected CancellationTokenSource Stop { get; } = new(TimeSpan.FromSeconds(30));

    public Task InitializeAsync()
    {
        _upstream.Start();
        _ = UpstreamLoopAsync();
        _pool = new UpstreamPool((IPEndPoint)_upstream.LocalEndpoint);
        (_forwarder, _at) = StartForwarder(_pool);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Stop.Cancel();
        _forwarder?.Dispose();
        _upstream.Stop();
        _pool?.Dispose();
        Stop.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>True when a chunked request is answered 501 (through Kestrel), false when it closes the connection.</summary>
    protected virtual bool AnswersChunkedRequests => false;

    [Fact]
    public async Task AChunkedRequestIsRefused()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        if (AnswersChunkedRequests)
        {
            Assert.StartsWith("HTTP/1.1 501 ", await ReadResponseAsync(client, 0));
        }
        else
        {
            Assert.Equal(0, await client.ReceiveAsync(new byte[16], SocketFlags.None, Stop.Token));
        }
    }

    /// <summary>Starts the forwarder under test on a loopback port; disposing the result stops it.</summary>
    protected abstract (IDisposable Server, EndPoint At) StartForwarder(UpstreamPool pool);

    /// <summary>A loopback listener that hands each connection it accepts to <paramref name="serve"/> until the test ends.</summary>
    protected (IDisposable Server, EndPoint At) Listen(Func<Socket, Task> serve)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        _ = AcceptLoopAsync(listener, serve);
        return (listener, listener.LocalEndPoint!);
    }

    [Fact]
    public async Task RequestsOnOneConnectionReuseOneUpstreamConnection()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /small HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.EndsWith("\r\n\r\n" + Body(1024), await ReadResponseAsync(client, 1024));
        await SendAsync(client, "GET /small HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.EndsWith("\r\n\r\n" + Body(1024), await ReadResponseAsync(client, 1024));

        Assert.Equal(1, Volatile.Read(ref _upstreamConnections));
        lock (_received)
        {
            Assert.Equal(["GET /small HTTP/1.1\r\nHost: a\r\n\r\n", "GET /small HTTP/1.1\r\nHost: a\r\n\r\n"], _received);
        }
    }

    [Fact]
    public async Task PipelinedRequestsAreAnsweredInOrder()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /large HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.EndsWith(Body(1024), await ReadResponseAsync(client, 1024));
        Assert.EndsWith(Body(300_000), await ReadResponseAsync(client, 300_000));
    }

    [Fact]
    public async Task ARequestBodyIsRelayedWhole()
    {
        using var client = await ConnectAsync();
        var body = Body(50_000);

        await SendAsync(client, $"POST /echo-length HTTP/1.1\r\nHost: a\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.EndsWith(Body(1024), await ReadResponseAsync(client, 1024));
        lock (_received)
        {
            var received = Assert.Single(_received);
            Assert.StartsWith("POST /echo-length HTTP/1.1\r\n", received);
            Assert.Contains($"\r\nContent-Length: {body.Length}\r\n", received);
            Assert.EndsWith("\r\n\r\n" + body, received);
        }
    }

    protected static string Body(int length) => new('x', length);

    protected async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_at!, Stop.Token);
        return socket;
    }

    protected async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, Stop.Token);

    /// <summary>Reads one response whose body is <paramref name="bodyLength"/> bytes, and not a byte more.</summary>
    protected async Task<string> ReadResponseAsync(Socket socket, int bodyLength)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await socket.ReceiveAsync(one, SocketFlags.None, Stop.Token));
            text.Append((char)one[0]);
        }

        var body = new byte[bodyLength];
        for (var got = 0; got < bodyLength;)
        {
            var n = await socket.ReceiveAsync(body.AsMemory(got), SocketFlags.None, Stop.Token);
            Assert.NotEqual(0, n);
            got += n;
        }

        return text.Append(Encoding.ASCII.GetString(body)).ToString();
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Socket, Task> serve)
    {
        try
        {
            while (true)
            {
                _ = serve(await listener.AcceptAsync(Stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Answers each request with "x" × 1024, or × 300,000 for /large, with Content-Length.</summary>
    private async Task UpstreamLoopAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _upstream.AcceptSocketAsync(Stop.Token);
                Interlocked.Increment(ref _upstreamConnections);
                _ = ServeUpstreamAsync(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeUpstreamAsync(Socket connection)
    {
        using var _ = connection;
        var pending = new StringBuilder();
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var text = pending.ToString();
                var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var length = head < 0 ? -1 : head + 4 + (int)HeadScanner.RequestBodyLength(Encoding.ASCII.GetBytes(text[..(head + 4)]));
                if (head < 0 || text.Length < length)
                {
                    var n = await connection.ReceiveAsync(buffer, SocketFlags.None, Stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    continue;
                }

                lock (_received)
                {
                    _received.Add(text[..length]);
                }

                pending.Remove(0, length);
                var size = text.StartsWith("GET /large", StringComparison.Ordinal) ? 300_000 : 1024;
                await connection.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n{Body(size)}"), SocketFlags.None, Stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
    }
}
