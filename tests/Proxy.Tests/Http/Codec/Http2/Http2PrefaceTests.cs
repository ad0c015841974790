using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;
using static Proxy.Tests.Http.Codec.Http2.Http2ServerTestSupport;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// The connection preface, SETTINGS and PING. The server end to end over in-memory pipes (<see cref="Http2TestConnection"/>).
/// </summary>
public sealed class Http2PrefaceTests
{
    [Fact]
    public async Task The_server_preface_is_SETTINGS_from_the_codec_settings_then_a_WINDOW_UPDATE_to_the_connection_window()
    {
        var settings = new CodecSettings { Http2MaxConcurrentStreams = 50, Http2InitialStreamWindowSize = 100_000, Http2InitialConnectionWindowSize = 300_000 };
        await using var connection = await ConnectAsync(Hello, settings);

        var frames = connection.HandshakeFrames;

        Assert.Equal([Http2FrameType.Settings, Http2FrameType.WindowUpdate, Http2FrameType.Settings], frames.Select(f => f.Type));
        Assert.Equal(Http2FrameFlags.None, frames[0].Header.Flags);
        Assert.Equal(0, frames[0].StreamId);
        Assert.Equal([(Http2Setting.MaxConcurrentStreams, 50u), (Http2Setting.InitialWindowSize, 100_000u)], frames[0].Settings());
        Assert.Equal(0, frames[1].StreamId);
        Assert.Equal(300_000 - 65535, frames[1].Increment);
        Assert.True(frames[2].Has(Http2FrameFlags.Ack));
        Assert.Equal(0, frames[2].Length);
    }

    [Fact]
    public async Task Without_configured_windows_the_server_offers_Kestrels_defaults()
    {
        await using var connection = await ConnectAsync(Hello);

        var frames = connection.HandshakeFrames;

        Assert.Equal([(Http2Setting.MaxConcurrentStreams, (uint)int.MaxValue), (Http2Setting.InitialWindowSize, 768u * 1024)], frames[0].Settings());
        Assert.Equal(Http2FrameType.WindowUpdate, frames[1].Type);
        Assert.Equal((1024 * 1024) - 65535, frames[1].Increment);
    }

    [Fact]
    public async Task A_connection_window_of_the_protocol_default_needs_no_WINDOW_UPDATE()
    {
        await using var connection = await ConnectAsync(Hello, new CodecSettings { Http2InitialConnectionWindowSize = 65535 });

        Assert.Equal([Http2FrameType.Settings, Http2FrameType.Settings], connection.HandshakeFrames.Select(f => f.Type));
    }

    [Fact]
    public async Task Every_client_SETTINGS_gets_an_ACK()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendSettingsAsync((Http2Setting.HeaderTableSize, 0), (Http2Setting.EnablePush, 0), ((Http2Setting)0x99, 7));
        var frame = await connection.ExpectFrameAsync();

        Assert.Equal(Http2FrameType.Settings, frame.Type);
        Assert.Equal(Http2FrameFlags.Ack, frame.Header.Flags);
        Assert.Equal(0, frame.Length);
    }

    [Fact]
    public async Task A_PING_gets_a_PING_ACK_with_the_same_eight_octets()
    {
        await using var connection = await ConnectAsync(Hello);

        await connection.SendPingAsync(0x0102030405060708);
        var frame = await connection.ExpectFrameAsync();

        Assert.Equal(Http2FrameType.Ping, frame.Type);
        Assert.Equal(Http2FrameFlags.Ack, frame.Header.Flags);
        Assert.Equal(0, frame.StreamId);
        Assert.Equal(Convert.FromHexString("0102030405060708"), frame.Payload);
    }
}
