using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Proxy.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using Proxy.Http.Codec.Http2.Hpack;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Tests.Http.Codec.Http2.Hpack;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// An <see cref="Http2ServerConnection"/> running over in-memory pipes, and the client end of it: writes the
/// preface and frames (header blocks HPACK-encoded), parses and decodes what the server sends. Every wait is
/// bounded by <see cref="WaitTimeout"/>; nothing sleeps.
/// </summary>
internal sealed class Http2TestConnection : IAsyncDisposable
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(5);

    public static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly HpackDecoder _decoder = new();
    private ulong _nextPing = 0x1000;

    private Http2TestConnection(Func<RequestContext, Task> handler, CodecSettings settings)
    {
        Time = new FakeTimeProvider();
        Context = new TestConnectionContext(
            new DuplexPipe(_toServer.Reader, _toClient.Writer),
            new DuplexPipe(_toClient.Reader, _toServer.Writer));
        Server = new Http2ServerConnection(Context, NewDownstream(Time), new DelegateRequestHandler(handler), settings, Time);
    }

    public FakeTimeProvider Time { get; }

    public TestConnectionContext Context { get; }

    public Http2ServerConnection Server { get; }

    /// <summary>The server's <see cref="Http2ServerConnection.RunAsync"/>.</summary>
    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>What the server sent before it acknowledged the client's SETTINGS (its own SETTINGS first).</summary>
    public List<Http2TestFrame> HandshakeFrames { get; } = [];

    /// <summary>A server that is never run: for the types that need one to exist (streams, windows).</summary>
    public static Http2ServerConnection IdleServer()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var context = new TestConnectionContext(new DuplexPipe(toServer.Reader, toClient.Writer), new DuplexPipe(toClient.Reader, toServer.Writer));
        return new Http2ServerConnection(context, NewDownstream(TimeProvider.System), new DelegateRequestHandler(_ => Task.CompletedTask), new CodecSettings(), TimeProvider.System);
    }

    /// <summary>A server not yet run: the test acts on it (or writes to it) before <see cref="StartRun"/>.</summary>
    public static Http2TestConnection Create(Func<RequestContext, Task> handler, CodecSettings? settings = null) =>
        new(handler, settings ?? new CodecSettings());

    /// <summary>Starts the server and nothing else: the test writes the preface itself.</summary>
    public static Http2TestConnection Start(Func<RequestContext, Task> handler, CodecSettings? settings = null) =>
        Create(handler, settings).StartRun();

    /// <summary>Runs the server's <see cref="Http2ServerConnection.RunAsync"/>.</summary>
    public Http2TestConnection StartRun()
    {
        Run = Server.RunAsync();
        return this;
    }

    /// <summary>
    /// Starts the server and does the connection preface both ways: the client's preface and SETTINGS (with
    /// <paramref name="clientSettings"/>), then reads until the server acknowledged them, so the server's read
    /// loop and timers are running and the client's settings apply when this returns.
    /// </summary>
    public static async Task<Http2TestConnection> ConnectAsync(Func<RequestContext, Task> handler, CodecSettings? settings = null, params (Http2Setting Id, uint Value)[] clientSettings)
    {
        var connection = Start(handler, settings);
        await connection.SendAsync(Preface.ToArray());
        await connection.SendSettingsAsync(clientSettings);
        connection.HandshakeFrames.AddRange(await connection.ReadUntilAsync(f => f.Type == Http2FrameType.Settings && f.Has(Http2FrameFlags.Ack)));
        return connection;
    }

    /// <summary>A request's header list: the four pseudo-headers, then <paramref name="fields"/>.</summary>
    public static (string Name, string Value)[] Request(string method = "GET", string path = "/", params (string Name, string Value)[] fields) =>
        [(":method", method), (":scheme", "http"), (":authority", "example.com"), (":path", path), .. fields];

    /// <summary>HPACK-encodes lowercase fields with the proxy's encoder (no dynamic table).</summary>
    public static byte[] Encode(params (string Name, string Value)[] fields)
    {
        var block = new byte[fields.Sum(f => HpackEncoder.MaxEncodedLength(f.Name.Length, f.Value.Length))];
        var length = 0;
        foreach (var (name, value) in fields)
        {
            length += HpackEncoder.EncodeHeader(name, value, block.AsSpan(length));
        }

        return block[..length];
    }

    /// <summary>One literal field without indexing and with a new name, octets as given (any case, any octet).</summary>
    public static byte[] RawLiteral(string name, string value)
    {
        var nameOctets = Encoding.Latin1.GetBytes(name);
        var valueOctets = Encoding.Latin1.GetBytes(value);
        var block = new byte[1 + 5 + nameOctets.Length + 5 + valueOctets.Length];
        var at = 1; // 0x00: literal without indexing, new name (RFC 7541 §6.2.2)
        at += HpackInteger.Encode(nameOctets.Length, 7, 0, block.AsSpan(at));
        nameOctets.CopyTo(block, at);
        at += nameOctets.Length;
        at += HpackInteger.Encode(valueOctets.Length, 7, 0, block.AsSpan(at));
        valueOctets.CopyTo(block, at);
        return block[..(at + valueOctets.Length)];
    }

    public static byte[] Frame(Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Http2FrameHeader.Size + payload.Length];
        Http2FrameHeader.Write(frame, payload.Length, type, flags, streamId);
        payload.CopyTo(frame.AsSpan(Http2FrameHeader.Size));
        return frame;
    }

    public async Task SendAsync(byte[] octets)
    {
        var result = await _toServer.Writer.WriteAsync(octets);
        Assert.False(result.IsCompleted, "the server stopped reading");
    }

    public Task SendFrameAsync(Http2FrameType type, Http2FrameFlags flags, int streamId, byte[] payload) =>
        SendAsync(Frame(type, flags, streamId, payload));

    public Task SendSettingsAsync(params (Http2Setting Id, uint Value)[] settings)
    {
        var payload = new byte[6 * settings.Length];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(6 * i), (ushort)settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((6 * i) + 2), settings[i].Value);
        }

        return SendFrameAsync(Http2FrameType.Settings, Http2FrameFlags.None, 0, payload);
    }

    /// <summary>One HEADERS frame with END_HEADERS carrying <paramref name="block"/>.</summary>
    public Task SendHeadersAsync(int streamId, byte[] block, bool endStream) =>
        SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | (endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None), streamId, block);

    public Task SendHeadersAsync(int streamId, (string Name, string Value)[] fields, bool endStream = true) =>
        SendHeadersAsync(streamId, Encode(fields), endStream);

    public Task SendDataAsync(int streamId, byte[] data, bool endStream = false) =>
        SendFrameAsync(Http2FrameType.Data, endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, data);

    public Task SendWindowUpdateAsync(int streamId, int increment) =>
        SendFrameAsync(Http2FrameType.WindowUpdate, Http2FrameFlags.None, streamId, UInt32(increment));

    public Task SendRstStreamAsync(int streamId, Http2ErrorCode code) =>
        SendFrameAsync(Http2FrameType.RstStream, Http2FrameFlags.None, streamId, UInt32((int)code));

    public Task SendPingAsync(ulong opaque, bool ack = false)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(payload, opaque);
        return SendFrameAsync(Http2FrameType.Ping, ack ? Http2FrameFlags.Ack : Http2FrameFlags.None, 0, payload);
    }

    /// <summary>The next frame from the server; null when the server closed the connection.</summary>
    public async Task<Http2TestFrame?> ReadFrameAsync()
    {
        var reader = _toClient.Reader;
        using var timeout = new CancellationTokenSource(WaitTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No frame from the server within {WaitTimeout}.");
            }

            var buffer = result.Buffer;
            if (TryParse(ref buffer, out var frame))
            {
                reader.AdvanceTo(buffer.Start);
                return frame;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty, "the connection ended inside a frame");
                return null;
            }
        }
    }

    public async Task<Http2TestFrame> ExpectFrameAsync()
    {
        var frame = await ReadFrameAsync();
        Assert.NotNull(frame);
        return frame;
    }

    /// <summary>Frames up to and including the first that matches; fails if the connection ends first.</summary>
    public async Task<List<Http2TestFrame>> ReadUntilAsync(Func<Http2TestFrame, bool> match)
    {
        var frames = new List<Http2TestFrame>();
        while (true)
        {
            var frame = await ReadFrameAsync() ?? throw new InvalidOperationException("The connection ended before the frame expected; read: " + string.Join(", ", frames));
            frames.Add(frame);
            if (match(frame))
            {
                return frames;
            }
        }
    }

    /// <summary>Every frame until the server closes the connection.</summary>
    public async Task<List<Http2TestFrame>> ReadToEndAsync()
    {
        var frames = new List<Http2TestFrame>();
        while (await ReadFrameAsync() is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>
    /// A PING and its ACK: the frames the server sent before the ACK, which it wrote after handling every frame
    /// sent before the PING. A check that something did not happen reads these.
    /// </summary>
    public async Task<List<Http2TestFrame>> PingRoundTripAsync()
    {
        var opaque = _nextPing++;
        await SendPingAsync(opaque);
        var frames = await ReadUntilAsync(f => f.Type == Http2FrameType.Ping && f.Has(Http2FrameFlags.Ack) && BinaryPrimitives.ReadUInt64BigEndian(f.Payload) == opaque);
        frames.RemoveAt(frames.Count - 1);
        return frames;
    }

    /// <summary>Decodes a header block with the connection's decoder (blocks must be decoded in the order they came).</summary>
    public List<(string Name, string Value)> Decode(byte[] block)
    {
        var sink = new HeaderListSink();
        _decoder.Decode(block, sink);
        return sink.Fields;
    }

    /// <summary>Reads until <paramref name="streamId"/> ends (END_STREAM or RST_STREAM); header blocks are decoded on the way.</summary>
    public async Task<Http2TestResponse> ReadResponseAsync(int streamId)
    {
        var response = new Http2TestResponse();
        MemoryStream? block = null;
        var blockEndsStream = false;
        while (true)
        {
            var frame = await ReadFrameAsync() ?? throw new InvalidOperationException($"The connection ended before stream {streamId} did; read: " + string.Join(", ", response.Frames));
            response.Frames.Add(frame);
            if (frame.StreamId != streamId)
            {
                continue;
            }

            switch (frame.Type)
            {
                case Http2FrameType.Headers:
                case Http2FrameType.Continuation:
                    if (frame.Type == Http2FrameType.Headers)
                    {
                        block = new MemoryStream();
                        blockEndsStream = frame.Has(Http2FrameFlags.EndStream);
                    }

                    Assert.NotNull(block);
                    block.Write(frame.Payload);
                    if (!frame.Has(Http2FrameFlags.EndHeaders))
                    {
                        break;
                    }

                    var fields = Decode(block.ToArray());
                    block = null;
                    if (response.Headers.Count == 0)
                    {
                        response.Headers.AddRange(fields);
                    }
                    else
                    {
                        response.Trailers = fields;
                    }

                    if (blockEndsStream)
                    {
                        return response;
                    }

                    break;
                case Http2FrameType.Data:
                    response.DataFrames.Add(frame);
                    response.Body.Write(frame.Payload);
                    if (frame.Has(Http2FrameFlags.EndStream))
                    {
                        return response;
                    }

                    break;
                case Http2FrameType.RstStream:
                    response.Reset = frame;
                    return response;
            }
        }
    }

    /// <summary>
    /// Opens streams from <paramref name="streamId"/> on (odd ids, two apart) with the same request until the
    /// server admits one instead of refusing it (REFUSED_STREAM): on a server allowing one concurrent stream,
    /// the proof that the streams before have finished. Returns the admitted stream's id, its response, and
    /// every frame read meanwhile (on any stream).
    /// </summary>
    public async Task<(int StreamId, Http2TestResponse Response, List<Http2TestFrame> Frames)> SendUntilAdmittedAsync(int streamId, (string Name, string Value)[] request)
    {
        var frames = new List<Http2TestFrame>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < WaitTimeout)
        {
            await SendHeadersAsync(streamId, request);
            var response = await ReadResponseAsync(streamId);
            frames.AddRange(response.Frames);
            if (response.Reset?.ErrorCode != Http2ErrorCode.RefusedStream)
            {
                return (streamId, response, frames);
            }

            streamId += 2;
        }

        throw new TimeoutException($"Every stream was refused for {WaitTimeout}.");
    }

    /// <summary>Waits for the server's RunAsync (bounded).</summary>
    public Task WaitForRunAsync() => Run.WaitAsync(WaitTimeout);

    public async ValueTask DisposeAsync()
    {
        // The client stops reading (a pending flush of the server's ends) and closes its side.
        await _toClient.Reader.CompleteAsync();
        await _toServer.Writer.CompleteAsync();
        try
        {
            await Run.WaitAsync(WaitTimeout);
        }
        catch (TimeoutException)
        {
            // Not thrown from here: it would hide the test's own failure. Tests that care await Run themselves.
        }
    }

    private static byte[] UInt32(int value)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)value);
        return payload;
    }

    private static bool TryParse(ref ReadOnlySequence<byte> buffer, out Http2TestFrame frame)
    {
        frame = null!;
        if (!Http2FrameHeader.TryRead(buffer, out var header) || buffer.Length < Http2FrameHeader.Size + header.Length)
        {
            return false;
        }

        frame = new Http2TestFrame(header, buffer.Slice(Http2FrameHeader.Size, header.Length).ToArray());
        buffer = buffer.Slice(Http2FrameHeader.Size + header.Length);
        return true;
    }

    private static DownstreamConnection NewDownstream(TimeProvider time) => new(
        new ListenerConfig { Name = "h2-test", Address = new IPEndPoint(IPAddress.Loopback, 10000), StatPrefix = "h2-test" },
        new ConnectionInfo(),
        time.GetUtcNow(),
        time.GetTimestamp());

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
