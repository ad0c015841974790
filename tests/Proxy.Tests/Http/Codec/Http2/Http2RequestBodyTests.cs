using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Request bodies and the receive windows: DATA, padding, WINDOW_UPDATE, content-length. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2RequestBodyTests
{
    [Fact]
    public async Task A_POST_body_in_several_DATA_frames_reaches_the_application_and_reading_it_reopens_the_stream_window()
    {
        var consumed = Channel.CreateUnbounded<long>();
        await using var connection = await ConnectAsync(
            async context =>
            {
                var body = await ReadBodyAsync(context.Http, consumed.Writer);
                await context.Http.Response.Body.WriteAsync(body);
            },
            new CodecSettings { Http2InitialStreamWindowSize = 1000 });
        var sent = new byte[1200];
        Random.Shared.NextBytes(sent);

        await connection.SendHeadersAsync(1, Request("POST", "/upload"), endStream: false);
        await connection.SendDataAsync(1, sent[..300]);
        await WaitForAsync(consumed.Reader, 300);
        var beforeHalf = await connection.PingRoundTripAsync();
        await connection.SendDataAsync(1, sent[300..600]);
        await WaitForAsync(consumed.Reader, 600);
        var afterHalf = await connection.PingRoundTripAsync();

        // 300 octets read of a window of 1000: not yet; 600: the stream's window is reopened by what was read.
        Assert.DoesNotContain(beforeHalf, f => f.Type == Http2FrameType.WindowUpdate);
        var update = Assert.Single(afterHalf, f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 1);
        Assert.Equal(600, update.Increment);

        // The client may now send 600 more than its remaining 400.
        await connection.SendDataAsync(1, sent[600..800]);
        await connection.SendDataAsync(1, sent[800..1000]);
        await connection.SendDataAsync(1, sent[1000..], endStream: true);
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("200", response.Status);
        Assert.Equal(sent, response.Body.ToArray());
    }

    [Fact]
    public async Task Received_DATA_reopens_the_connection_window_once_half_of_it_is_used()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await ConnectAsync(
            async context =>
            {
                // The application reads nothing yet: only the connection's window may be reopened.
                await gate.Task.WaitAsync(context.Http.RequestAborted);
                await ReadBodyAsync(context.Http);
                await Hello(context);
            },
            new CodecSettings { Http2InitialConnectionWindowSize = 65535, Http2InitialStreamWindowSize = 100_000 });

        await connection.SendHeadersAsync(1, Request("POST"), endStream: false);
        await connection.SendDataAsync(1, new byte[16000]);
        await connection.SendDataAsync(1, new byte[16000]);
        var belowHalf = await connection.PingRoundTripAsync();
        await connection.SendDataAsync(1, new byte[16000]);
        var pastHalf = await connection.PingRoundTripAsync();

        Assert.Empty(belowHalf);
        var update = Assert.Single(pastHalf);
        Assert.Equal(Http2FrameType.WindowUpdate, update.Type);
        Assert.Equal(0, update.StreamId);
        Assert.Equal(48000, update.Increment);
        await connection.SendDataAsync(1, [], endStream: true);
        gate.SetResult();
        Assert.Equal("200", (await connection.ReadResponseAsync(1)).Status);
    }

    [Fact]
    public async Task Request_trailers_end_the_request_body()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            var body = await ReadBodyAsync(context.Http);
            await context.Http.Response.WriteAsync("got " + body.Length);
        });

        await connection.SendHeadersAsync(1, Request("POST"), endStream: false);
        await connection.SendDataAsync(1, new byte[10]);
        await connection.SendHeadersAsync(1, [("x-trailer", "1")], endStream: true);
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("got 10", Encoding.ASCII.GetString(response.Body.ToArray()));
    }

    // A response complete before its request ends the stream with RST_STREAM NO_ERROR (RFC 9113 §8.1); the
    // client's DATA and trailers already in flight on it are ignored (§5.4.2), not a connection error.
    [Fact]
    public async Task Frames_in_flight_on_a_stream_the_server_reset_are_ignored()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendHeadersAsync(1, Request("POST"), endStream: false);
        var response = await connection.ReadResponseAsync(1);
        await connection.SendDataAsync(1, new byte[10]);
        await connection.SendHeadersAsync(1, [("x-trailer", "1")], endStream: true);
        await connection.SendHeadersAsync(3, Request());
        var next = await connection.ReadResponseAsync(3);
        var rest = await connection.PingRoundTripAsync();

        Assert.Equal("200", response.Status);
        Assert.Contains(next.Frames, f => f.Type == Http2FrameType.RstStream && f.StreamId == 1 && f.ErrorCode == Http2ErrorCode.NoError);
        Assert.Equal("200", next.Status);
        Assert.DoesNotContain(rest, f => f.Type == Http2FrameType.GoAway);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_resets_the_stream_with_PROTOCOL_ERROR()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            await ReadBodyAsync(context.Http);
            await Hello(context);
        });

        await connection.SendHeadersAsync(1, Request("POST", "/", ("content-length", "5")), endStream: false);
        await connection.SendDataAsync(1, new byte[3], endStream: true);
        var response = await connection.ReadResponseAsync(1);

        Assert.NotNull(response.Reset);
        Assert.Equal(Http2ErrorCode.ProtocolError, response.Reset.ErrorCode);
        Assert.Empty(await connection.PingRoundTripAsync());
    }

    // content-length is checked however the request ends (RFC 9113 §8.1.1): a request that ends with its HEADERS,
    // or with trailers, before the declared length must not reach the application as if whole.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_ending_before_its_content_length_is_reset_with_PROTOCOL_ERROR(bool withTrailers)
    {
        var called = false;
        await using var connection = await ConnectAsync(async context =>
        {
            called = true;
            await ReadBodyAsync(context.Http);
            await Hello(context);
        });

        var request = Request("POST", "/", ("content-length", "5"));
        if (withTrailers)
        {
            await connection.SendHeadersAsync(1, request, endStream: false);
            await connection.SendDataAsync(1, new byte[3]);
            await connection.SendHeadersAsync(1, [("x-trailer", "1")], endStream: true);
        }
        else
        {
            await connection.SendHeadersAsync(1, request, endStream: true);
        }

        var response = await connection.ReadResponseAsync(1);

        Assert.True(response.Reset?.ErrorCode == Http2ErrorCode.ProtocolError, $"stream 1 ended with {(response.Reset is null ? ":status " + response.Status : response.Reset.ErrorCode)}; the application was {(called ? "" : "not ")}called");
    }

    // Padding counts against the stream's receive window (RFC 9113 §6.1) and the application never reads it: it is
    // given back at once, or a client that pads would stall once padding had used the window.
    [Fact]
    public async Task Padding_of_DATA_frames_is_given_back_to_the_stream_window()
    {
        var consumed = Channel.CreateUnbounded<long>();
        await using var connection = await ConnectAsync(
            async context =>
            {
                var body = await ReadBodyAsync(context.Http, consumed.Writer);
                await context.Http.Response.WriteAsync("got " + body.Length);
            },
            new CodecSettings { Http2InitialStreamWindowSize = 1000 });

        // Three frames of 255 octets of window each (pad length, 5 data octets, 249 of padding): 765 of 1000 used,
        // 15 octets of data for the application. A fourth frame does not fit in the 235 left.
        await connection.SendHeadersAsync(1, Request("POST"), endStream: false);
        for (var i = 0; i < 3; i++)
        {
            await connection.SendFrameAsync(Http2FrameType.Data, Http2FrameFlags.Padded, 1, Padded(new byte[5], padding: 249));
        }

        await WaitForAsync(consumed.Reader, 15);
        var frames = await connection.PingRoundTripAsync();

        // All the application could read is read: the window must be reopened enough for the next frame.
        var reopened = frames.Where(f => f.Type == Http2FrameType.WindowUpdate && f.StreamId == 1).Sum(f => f.Increment);
        Assert.True(235 + reopened >= 255, $"the stream window has {235 + reopened} octets left after its data was read; the padding was never given back");
    }
}
