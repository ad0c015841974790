using System.Buffers;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Connection errors: GOAWAY with the code, then the connection ends. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2ConnectionErrorTests
{
    [Fact]
    public async Task A_malformed_request_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        var called = false;
        await using var connection = await ConnectAsync(context =>
        {
            called = true;
            return Task.CompletedTask;
        });

        byte[] block = [.. Encode(Request()), .. RawLiteral("X-Upper", "1")];
        await connection.SendHeadersAsync(1, block, endStream: true);

        var goAway = await ExpectGoAwayAsync(connection, Http2ErrorCode.ProtocolError);
        Assert.Equal(1, goAway.LastStreamId);
        Assert.Equal("header name not a lowercase token", goAway.DebugData);
        Assert.False(called);
    }

    [Fact]
    public async Task A_request_without_a_path_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendHeadersAsync(1, [(":method", "GET"), (":scheme", "http"), (":authority", "example.com")]);

        await ExpectGoAwayAsync(connection, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task DATA_on_stream_0_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendDataAsync(0, [1, 2, 3]);

        await ExpectGoAwayAsync(connection, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task HEADERS_on_an_even_stream_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendHeadersAsync(2, Request());

        await ExpectGoAwayAsync(connection, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_frame_other_than_CONTINUATION_inside_a_header_block_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);
        var block = Encode(Request());

        await connection.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, block[..5]);
        await connection.SendPingAsync(1);

        await ExpectGoAwayAsync(connection, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_frame_larger_than_16384_ends_the_connection_with_GOAWAY_FRAME_SIZE_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);
        await connection.SendHeadersAsync(1, Request(), endStream: false);

        // Only the header: the server must judge the length before the payload is there.
        var header = new byte[Http2FrameHeader.Size];
        Http2FrameHeader.Write(header, 16385, Http2FrameType.Data, Http2FrameFlags.None, 1);
        await connection.SendAsync(header);

        await ExpectGoAwayAsync(connection, Http2ErrorCode.FrameSizeError);
    }

    [Fact]
    public async Task A_bad_preface_ends_the_connection_with_GOAWAY_PROTOCOL_ERROR()
    {
        await using var connection = Start(Hello);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"u8.ToArray());

        var frames = await connection.ReadToEndAsync();
        var goAway = Assert.Single(frames);
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task A_WINDOW_UPDATE_taking_the_connection_window_past_2_to_the_31_minus_1_ends_the_connection_with_GOAWAY_FLOW_CONTROL_ERROR()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendWindowUpdateAsync(0, int.MaxValue);

        await ExpectGoAwayAsync(connection, Http2ErrorCode.FlowControlError);
    }

    // A stream id lower than one already used cannot open a stream (RFC 9113 §5.1.1): a connection error, not a
    // block silently dropped while the client waits forever.
    [Fact]
    public async Task HEADERS_opening_a_stream_lower_than_one_already_used_is_a_connection_error()
    {
        await using var connection = await ConnectAsync(Hello);
        await connection.SendHeadersAsync(5, Request());
        await connection.ReadResponseAsync(5);

        await connection.SendHeadersAsync(3, Request());
        await connection.SendPingAsync(42);
        var frames = new List<Http2TestFrame>();
        while (await connection.ReadFrameAsync() is { } frame && !(frame.Type == Http2FrameType.Ping && frame.Has(Http2FrameFlags.Ack)))
        {
            frames.Add(frame);
        }

        var goAway = Assert.Single(frames, f => f.Type == Http2FrameType.GoAway);
        Assert.Contains(goAway.ErrorCode, new[] { Http2ErrorCode.ProtocolError, Http2ErrorCode.StreamClosed });
    }
}
