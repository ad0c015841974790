using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// Closing: drain, idle timeout, keepalive. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2ClosingTests
{
    [Fact]
    public async Task RequestClose_with_no_open_stream_sends_GOAWAY_NO_ERROR_with_the_last_stream_and_ends_the_connection()
    {
        await using var connection = await ConnectAsync(Hello);
        await connection.SendHeadersAsync(1, Request());
        await connection.ReadResponseAsync(1);
        await connection.SendHeadersAsync(3, Request());
        await connection.ReadResponseAsync(3);

        connection.Server.RequestClose();

        var frames = await connection.ReadToEndAsync();
        var goAway = Assert.Single(frames);
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(3, goAway.LastStreamId);
        await connection.WaitForRunAsync();
        Assert.True(connection.Server.ConnectionClosedRequested.IsCancellationRequested);
    }

    [Fact]
    public async Task RequestClose_before_the_preface_was_read_sends_SETTINGS_then_GOAWAY_NO_ERROR_with_stream_0()
    {
        await using var connection = Create(Hello);
        await connection.SendAsync(Preface.ToArray());
        connection.Server.RequestClose();

        connection.StartRun();
        var frames = await connection.ReadToEndAsync();

        Assert.Equal(Http2FrameType.Settings, frames[0].Type);
        var goAway = Assert.Single(frames, f => f.Type == Http2FrameType.GoAway);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(0, goAway.LastStreamId);
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task RequestClose_lets_an_open_stream_finish_refuses_new_ones_then_ends_the_connection()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await ConnectAsync(async context =>
        {
            entered.TrySetResult();
            await gate.Task.WaitAsync(context.Http.RequestAborted);
            await Hello(context);
        });
        await connection.SendHeadersAsync(1, Request());
        await entered.Task.WaitAsync(WaitTimeout);

        connection.Server.RequestClose();
        var goAway = await connection.ExpectFrameAsync();
        await connection.SendHeadersAsync(3, Request());
        var refused = await connection.ReadResponseAsync(3);

        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(1, goAway.LastStreamId);
        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset?.ErrorCode);
        Assert.False(connection.Run.IsCompleted);

        gate.SetResult();
        var response = await connection.ReadResponseAsync(1);
        Assert.Equal("200", response.Status);
        Assert.Empty(await connection.ReadToEndAsync());
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task A_connection_without_streams_for_the_idle_timeout_gets_GOAWAY_NO_ERROR_and_ends()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings { IdleTimeout = TimeSpan.FromSeconds(10) });

        connection.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await connection.PingRoundTripAsync());
        connection.Time.Advance(TimeSpan.FromSeconds(1));

        var goAway = Assert.Single(await connection.ReadToEndAsync());
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(0, goAway.LastStreamId);
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task The_idle_timeout_counts_from_the_end_of_the_last_stream()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings { IdleTimeout = TimeSpan.FromSeconds(10) });

        connection.Time.Advance(TimeSpan.FromSeconds(5));
        await connection.SendHeadersAsync(1, Request());
        Assert.Equal("200", (await connection.ReadResponseAsync(1)).Status);
        connection.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(await connection.PingRoundTripAsync());
        connection.Time.Advance(TimeSpan.FromSeconds(5));

        var goAway = Assert.Single(await connection.ReadToEndAsync());
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(1, goAway.LastStreamId);
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task A_connection_with_an_open_stream_is_not_idle()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await ConnectAsync(
            async context =>
            {
                entered.TrySetResult();
                await gate.Task.WaitAsync(context.Http.RequestAborted);
                await Hello(context);
            },
            new CodecSettings { IdleTimeout = TimeSpan.FromSeconds(10) });
        await connection.SendHeadersAsync(1, Request());
        await entered.Task.WaitAsync(WaitTimeout);

        connection.Time.Advance(TimeSpan.FromSeconds(25));

        Assert.Empty(await connection.PingRoundTripAsync());
        Assert.False(connection.Run.IsCompleted);
        gate.SetResult();
        Assert.Equal("200", (await connection.ReadResponseAsync(1)).Status);
    }

    [Fact]
    public async Task Keepalive_sends_a_PING_every_interval_and_closes_the_connection_when_no_ACK_comes_within_the_timeout()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings
        {
            Http2KeepAliveInterval = TimeSpan.FromSeconds(30),
            Http2KeepAliveTimeout = TimeSpan.FromSeconds(5),
        });

        connection.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await connection.PingRoundTripAsync());
        connection.Time.Advance(TimeSpan.FromSeconds(1));
        var ping = await connection.ExpectFrameAsync();

        Assert.Equal(Http2FrameType.Ping, ping.Type);
        Assert.Equal(Http2FrameFlags.None, ping.Header.Flags);
        Assert.Equal(8, ping.Length);
        Assert.False(connection.Context.Aborted.Task.IsCompleted);

        connection.Time.Advance(TimeSpan.FromSeconds(5));

        await connection.Context.Aborted.Task.WaitAsync(WaitTimeout);
        await connection.WaitForRunAsync();
    }

    [Fact]
    public async Task Keepalive_with_an_ACK_keeps_the_connection_and_pings_again_an_interval_later()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings
        {
            Http2KeepAliveInterval = TimeSpan.FromSeconds(30),
            Http2KeepAliveTimeout = TimeSpan.FromSeconds(5),
        });
        connection.Time.Advance(TimeSpan.FromSeconds(30));
        var ping = await connection.ExpectFrameAsync();

        await connection.SendPingAsync(BinaryPrimitives.ReadUInt64BigEndian(ping.Payload), ack: true);
        Assert.Empty(await connection.PingRoundTripAsync());
        connection.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(await connection.PingRoundTripAsync());
        Assert.False(connection.Context.Aborted.Task.IsCompleted);
        connection.Time.Advance(TimeSpan.FromSeconds(25));
        var again = await connection.ExpectFrameAsync();
        Assert.Equal(Http2FrameType.Ping, again.Type);
        Assert.Equal(Http2FrameFlags.None, again.Header.Flags);
    }
}
