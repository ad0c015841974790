using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Resets and failures of one stream: RST_STREAM both ways, application errors. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2StreamResetTests
{
    [Fact]
    public async Task RST_STREAM_from_the_client_cancels_RequestAborted()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await ConnectAsync(async context =>
        {
            using var registration = context.Http.RequestAborted.Register(() => aborted.TrySetResult());
            entered.TrySetResult();
            await aborted.Task;
        });

        await connection.SendHeadersAsync(1, Request());
        await entered.Task.WaitAsync(WaitTimeout);
        await connection.SendRstStreamAsync(1, Http2ErrorCode.Cancel);

        await aborted.Task.WaitAsync(WaitTimeout);
        Assert.DoesNotContain(await connection.PingRoundTripAsync(), f => f.StreamId == 1);
    }

    [Fact]
    public async Task Abort_from_the_application_resets_the_stream_with_INTERNAL_ERROR_and_the_connection_goes_on()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            if (context.Http.Request.Path == "/abort")
            {
                context.Http.Abort();
                return;
            }

            await Hello(context);
        });

        await connection.SendHeadersAsync(1, Request("GET", "/abort"));
        var aborted = await connection.ReadResponseAsync(1);
        await connection.SendHeadersAsync(3, Request());
        var next = await connection.ReadResponseAsync(3);

        Assert.Empty(aborted.Headers);
        Assert.NotNull(aborted.Reset);
        Assert.Equal(Http2ErrorCode.InternalError, aborted.Reset.ErrorCode);
        Assert.Equal("200", next.Status);
        Assert.Equal("hello", Encoding.ASCII.GetString(next.Body.ToArray()));
    }

    [Fact]
    public async Task An_application_that_throws_before_writing_gets_a_500()
    {
        await using var connection = await ConnectAsync(context =>
        {
            context.Http.Response.Headers["x-lost"] = "1";
            throw new InvalidOperationException("the application failed");
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("500", response.Status);
        Assert.Null(response.Header("x-lost"));
        Assert.True(Assert.Single(response.Frames).Has(Http2FrameFlags.EndStream));
    }

    [Fact]
    public async Task An_application_that_throws_after_the_response_started_resets_the_stream()
    {
        await using var connection = await ConnectAsync(async context =>
        {
            await context.Http.Response.WriteAsync("partial");
            throw new InvalidOperationException("the application failed");
        });

        await connection.SendHeadersAsync(1, Request());
        var response = await connection.ReadResponseAsync(1);

        Assert.Equal("200", response.Status);
        Assert.NotNull(response.Reset);
        Assert.Equal(Http2ErrorCode.InternalError, response.Reset.ErrorCode);
    }

    // An exception from an OnCompleted callback must not skip the stream's clean-up: a request pipe left open would
    // make the pooled stream's next Begin (Pipe.Reset) throw and end the connection without a GOAWAY.
    [Fact]
    public async Task An_OnCompleted_callback_that_throws_does_not_break_the_next_request_on_the_connection()
    {
        await using var connection = await ConnectAsync(
            async context =>
            {
                if (context.Http.Request.Path == "/completed-throws")
                {
                    context.Http.Response.OnCompleted(() => throw new InvalidOperationException("callback failed"));
                }

                await Hello(context);
            },
            new CodecSettings { Http2MaxConcurrentStreams = 1 });

        await connection.SendHeadersAsync(1, Request("GET", "/completed-throws"));
        var first = await connection.ReadResponseAsync(1);
        Assert.Equal("200", first.Status);

        // Admitted only once stream 1 finished; the server then reuses its stream object.
        var (_, next, _) = await connection.SendUntilAdmittedAsync(3, Request());

        Assert.Equal("200", next.Status);
    }

    // An exception from an OnStarting callback fails the application; the callbacks run once (as Kestrel's), so the
    // 500 that follows does not throw again, and the stream still gets an answer.
    [Fact]
    public async Task An_OnStarting_callback_that_throws_still_ends_the_stream()
    {
        await using var connection = await ConnectAsync(
            async context =>
            {
                if (context.Http.Request.Path == "/starting-throws")
                {
                    context.Http.Response.OnStarting(() => throw new InvalidOperationException("callback failed"));
                }

                await Hello(context);
            },
            new CodecSettings { Http2MaxConcurrentStreams = 1 });

        await connection.SendHeadersAsync(1, Request("GET", "/starting-throws"));
        var (_, next, frames) = await connection.SendUntilAdmittedAsync(3, Request());

        // Stream 1 finished (stream 3 or later was admitted): the client must have been told how it ended.
        Assert.Contains(frames, f => f.StreamId == 1 && (f.Type == Http2FrameType.RstStream || f.Has(Http2FrameFlags.EndStream)));
        Assert.Equal("200", next.Status);
    }
}
