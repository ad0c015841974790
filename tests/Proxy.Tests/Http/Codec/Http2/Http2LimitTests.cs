using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Limits: concurrent streams, header list size and count. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2LimitTests
{
    [Fact]
    public async Task A_stream_beyond_max_concurrent_streams_is_refused_with_REFUSED_STREAM()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await ConnectAsync(
            async context =>
            {
                if (context.Http.Request.Path == "/block")
                {
                    entered.TrySetResult();
                    await gate.Task.WaitAsync(context.Http.RequestAborted);
                }

                await Hello(context);
            },
            new CodecSettings { Http2MaxConcurrentStreams = 1 });

        await connection.SendHeadersAsync(1, Request("GET", "/block"));
        await entered.Task.WaitAsync(WaitTimeout);
        await connection.SendHeadersAsync(3, Request());
        var refused = await connection.ReadResponseAsync(3);
        gate.SetResult();
        var first = await connection.ReadResponseAsync(1);

        Assert.NotNull(refused.Reset);
        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset.ErrorCode);
        Assert.Empty(refused.Headers);
        Assert.Equal("200", first.Status);
        var (_, later, _) = await connection.SendUntilAdmittedAsync(5, Request());
        Assert.Equal("200", later.Status);
    }

    [Fact]
    public async Task A_request_header_block_over_the_size_limit_gets_431_and_the_connection_goes_on()
    {
        var calls = 0;
        await using var connection = await ConnectAsync(
            async context =>
            {
                Interlocked.Increment(ref calls);
                await Hello(context);
            },
            new CodecSettings { MaxRequestHeadersTotalSize = 1000 });

        await connection.SendHeadersAsync(1, Request("GET", "/", ("x-big", new string('a', 2000))));
        var rejected = await connection.ReadResponseAsync(1);
        await connection.SendHeadersAsync(3, Request());
        var next = await connection.ReadResponseAsync(3);

        var headers = Assert.Single(rejected.Frames);
        Assert.True(headers.Has(Http2FrameFlags.EndStream));
        Assert.Equal("431", rejected.Status);
        Assert.Equal("200", next.Status);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_request_with_a_body_over_the_size_limit_gets_431_and_its_stream_is_reset_with_NO_ERROR()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings { MaxRequestHeadersTotalSize = 1000 });

        await connection.SendHeadersAsync(1, Request("POST", "/", ("x-big", new string('a', 2000))), endStream: false);
        var frames = await connection.ReadUntilAsync(f => f.Type == Http2FrameType.RstStream);

        Assert.Equal([Http2FrameType.Headers, Http2FrameType.RstStream], frames.Select(f => f.Type));
        Assert.True(frames[0].Has(Http2FrameFlags.EndStream));
        Assert.Equal("431", connection.Decode(frames[0].Payload).Single().Value);
        Assert.Equal(Http2ErrorCode.NoError, frames[1].ErrorCode);

        // The body the client had in flight is dropped; the connection goes on.
        await connection.SendDataAsync(1, new byte[10], endStream: true);
        Assert.Empty(await connection.PingRoundTripAsync());
    }

    [Fact]
    public async Task More_request_fields_than_max_headers_count_get_431()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings { MaxRequestHeaderCount = 2 });

        await connection.SendHeadersAsync(1, Request("GET", "/", ("a", "1"), ("b", "2"), ("c", "3")));
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("431", response.Status);
    }
}
