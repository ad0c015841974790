using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Response bodies and the send windows: DATA within the peer's windows, WINDOW_UPDATE, SETTINGS changes. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2ResponseBodyTests
{
    [Fact]
    public async Task A_response_larger_than_the_client_windows_waits_for_WINDOW_UPDATEs_and_no_frame_exceeds_16384()
    {
        var payload = new byte[70_000];
        Random.Shared.NextBytes(payload);
        await using var connection = await ConnectAsync(
            async context => await context.Http.Response.BodyWriter.WriteAsync(payload),
            clientSettings: (Http2Setting.InitialWindowSize, 1000));
        var received = new MemoryStream();
        var frames = new List<Http2TestFrame>();

        // 1. The stream's window of 1000 is all the server may send.
        await connection.SendHeadersAsync(1, Request());
        frames.AddRange(await connection.ReadUntilAsync(f => f.Type == Http2FrameType.Data));
        frames.AddRange(await connection.PingRoundTripAsync());
        Assert.Equal(1000, frames.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Length));

        // 2. The stream's window opens wide: the connection's (65535) is the limit now.
        await connection.SendWindowUpdateAsync(1, 1_000_000);
        while (frames.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Length) < 65535)
        {
            frames.Add(await connection.ExpectFrameAsync());
        }

        frames.AddRange(await connection.PingRoundTripAsync());
        Assert.Equal(65535, frames.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Length));

        // 3. The connection's window opens: the rest comes, and the stream ends.
        await connection.SendWindowUpdateAsync(0, 10_000);
        var rest = await connection.ReadResponseAsync(1);
        frames.AddRange(rest.Frames);

        var data = frames.Where(f => f.Type == Http2FrameType.Data).ToList();
        Assert.All(data, f => Assert.InRange(f.Length, 0, 16384));
        Assert.All(data, f => Assert.Equal(1, f.StreamId));
        Assert.Equal(payload, data.SelectMany(f => f.Payload));
        Assert.True(data[^1].Has(Http2FrameFlags.EndStream));
        Assert.Contains(data, f => f.Length == 16384);
    }

    [Fact]
    public async Task A_larger_SETTINGS_INITIAL_WINDOW_SIZE_releases_a_response_waiting_for_its_stream_window()
    {
        var payload = new byte[5000];
        Random.Shared.NextBytes(payload);
        await using var connection = await ConnectAsync(
            async context => await context.Http.Response.BodyWriter.WriteAsync(payload),
            clientSettings: (Http2Setting.InitialWindowSize, 1000));

        await connection.SendHeadersAsync(1, Request());
        var first = await connection.ReadUntilAsync(f => f.Type == Http2FrameType.Data);
        first.AddRange(await connection.PingRoundTripAsync());
        Assert.Equal(1000, first.Where(f => f.Type == Http2FrameType.Data).Sum(f => f.Length));

        // 1000 -> 10000 moves the open stream's window by 9000 (RFC 9113 §6.9.2): 9000 left, 4000 needed.
        await connection.SendSettingsAsync((Http2Setting.InitialWindowSize, 10_000));
        var rest = await connection.ReadResponseAsync(1);

        Assert.Equal(payload, first.Concat(rest.Frames).Where(f => f.Type == Http2FrameType.Data).SelectMany(f => f.Payload));
    }

    [Fact]
    public async Task A_larger_SETTINGS_MAX_FRAME_SIZE_from_the_client_allows_larger_DATA_frames()
    {
        var payload = new byte[30_000];
        await using var connection = await ConnectAsync(
            async context => await context.Http.Response.BodyWriter.WriteAsync(payload),
            clientSettings: (Http2Setting.MaxFrameSize, 32768));

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal(30_000, response.DataFrames[0].Length);
    }

    [Fact]
    public async Task Response_trailers_come_after_the_DATA_as_HEADERS_with_END_STREAM()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            await context.Http.Response.WriteAsync("body");
            context.Http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers["x-trailer"] = "done";
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        var ofStream = response.Frames.Where(f => f.StreamId == 1).ToList();
        Assert.Equal([Http2FrameType.Headers, Http2FrameType.Data, Http2FrameType.Headers], ofStream.Select(f => f.Type));
        Assert.False(ofStream[0].Has(Http2FrameFlags.EndStream));
        Assert.False(ofStream[1].Has(Http2FrameFlags.EndStream));
        Assert.Equal(Http2FrameFlags.EndStream | Http2FrameFlags.EndHeaders, ofStream[2].Header.Flags);
        Assert.Equal("body", Encoding.ASCII.GetString(response.Body.ToArray()));
        Assert.Equal([("x-trailer", "done")], response.Trailers);
    }

    [Fact]
    public async Task Response_trailers_after_a_body_still_buffered_come_after_its_DATA_frame()
    {
        await using var connection = await ConnectAsync(context =>
        {
            // Written, not flushed: the body goes out when the application returns, with the trailers.
            context.Http.Response.BodyWriter.Write("body"u8);
            context.Http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers["grpc-status"] = "0";
            return Task.CompletedTask;
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        var ofStream = response.Frames.Where(f => f.StreamId == 1).ToList();
        Assert.Equal([Http2FrameType.Headers, Http2FrameType.Data, Http2FrameType.Headers], ofStream.Select(f => f.Type));
        Assert.False(ofStream[1].Has(Http2FrameFlags.EndStream));
        Assert.True(ofStream[2].Has(Http2FrameFlags.EndStream));
        Assert.Equal("body", Encoding.ASCII.GetString(response.Body.ToArray()));
        Assert.Equal([("grpc-status", "0")], response.Trailers);
    }
}
