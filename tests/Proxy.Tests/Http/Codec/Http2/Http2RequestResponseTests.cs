using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Requests and responses: header blocks in, status, headers, bodies and trailers out. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2RequestResponseTests
{
    [Fact]
    public async Task A_GET_reaches_the_application_and_its_response_is_HEADERS_then_DATA_ending_the_stream()
    {
        HttpRequest? seen = null;
        string? query = null, host = null, custom = null, protocol = null;
        var canHaveBody = true;
        await using var connection = await ConnectAsync(async context =>
        {
            seen = context.Http.Request;
            (query, host, custom, protocol) = (seen.QueryString.Value, seen.Host.Value, seen.Headers["x-custom"], seen.Protocol);
            canHaveBody = context.Http.Features.Get<IHttpRequestBodyDetectionFeature>()!.CanHaveBody;
            await Hello(context);
        });

        await connection.SendHeadersAsync(1, Request("GET", "/a/b?c=d", ("x-custom", "value")));
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("?c=d", query);
        Assert.Equal("example.com", host);
        Assert.Equal("value", custom);
        Assert.Equal("HTTP/2", protocol);
        Assert.False(canHaveBody);
        var headers = response.Frames[0];
        Assert.Equal(Http2FrameType.Headers, headers.Type);
        Assert.Equal(Http2FrameFlags.EndHeaders, headers.Header.Flags);
        Assert.Equal("200", response.Status);
        Assert.Equal("yes", response.Header("x-handler"));
        Assert.NotNull(response.Header("date"));
        Assert.Equal("hello", Encoding.ASCII.GetString(response.Body.ToArray()));
        Assert.True(response.DataFrames[^1].Has(Http2FrameFlags.EndStream));
        Assert.All(response.DataFrames[..^1], f => Assert.False(f.Has(Http2FrameFlags.EndStream)));
        Assert.Null(response.Reset);
    }

    [Fact]
    public async Task A_response_with_Content_Length_ends_the_stream_with_its_last_DATA_frame()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            context.Http.Response.ContentLength = 5;
            await context.Http.Response.WriteAsync("hello");
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);
        var after = await connection.PingRoundTripAsync();

        var data = Assert.Single(response.DataFrames);
        Assert.Equal(5, data.Length);
        Assert.True(data.Has(Http2FrameFlags.EndStream));
        Assert.Equal("5", response.Header("content-length"));
        Assert.DoesNotContain(after, f => f.StreamId == 1);
    }

    [Fact]
    public async Task A_HEAD_response_is_HEADERS_with_END_STREAM_and_no_DATA()
    {
        await using var connection = await ConnectAsync(context =>
        {
            context.Http.Response.ContentLength = 1234;
            return Task.CompletedTask;
        });

        await connection.SendHeadersAsync(1, Request("HEAD"));
        var response = await connection.ReadResponseAsync(1);
        var after = await connection.PingRoundTripAsync();

        var headers = Assert.Single(response.Frames);
        Assert.Equal(Http2FrameType.Headers, headers.Type);
        Assert.True(headers.Has(Http2FrameFlags.EndStream));
        Assert.Equal("1234", response.Header("content-length"));
        Assert.DoesNotContain(after, f => f.StreamId == 1);
    }

    [Fact]
    public async Task A_204_response_is_HEADERS_with_END_STREAM_and_no_DATA()
    {
        await using var connection = await ConnectAsync(context =>
        {
            context.Http.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);
        var after = await connection.PingRoundTripAsync();

        var headers = Assert.Single(response.Frames);
        Assert.True(headers.Has(Http2FrameFlags.EndStream));
        Assert.Equal("204", response.Status);
        Assert.DoesNotContain(after, f => f.StreamId == 1);
    }

    [Fact]
    public async Task Connection_specific_response_fields_are_left_out_and_names_are_lowercased()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            context.Http.Response.Headers["Connection"] = "close";
            context.Http.Response.Headers["Transfer-Encoding"] = "chunked";
            context.Http.Response.Headers["X-Mixed-Case"] = "1";
            await context.Http.Response.WriteAsync("x");
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("1", response.Header("x-mixed-case"));
        Assert.DoesNotContain(response.Headers, h => h.Name is "connection" or "transfer-encoding");
        Assert.All(response.Headers, h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
    }

    [Fact]
    public async Task A_request_header_block_may_go_on_in_CONTINUATION_frames()
    {
        await using var connection = await ConnectAsync(Hello);
        var block = Encode(Request("GET", "/", ("x-long", new string('a', 100))));

        await connection.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, block[..10]);
        await connection.SendFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.None, 1, block[10..50]);
        await connection.SendFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, block[50..]);
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("200", response.Status);
    }

    [Fact]
    public async Task A_request_HEADERS_frame_with_padding_and_priority_is_read_past_both()
    {
        await using var connection = await ConnectAsync(Hello);
        var block = Encode(Request());
        byte[] payload = [3, 0x80, 0, 0, 0, 15, .. block, 0, 0, 0]; // pad length, exclusive dependency on 0, weight, block, padding

        await connection.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream | Http2FrameFlags.Padded | Http2FrameFlags.Priority, 1, payload);
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("200", response.Status);
    }
}
