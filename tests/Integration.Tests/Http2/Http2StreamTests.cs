using System.Globalization;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// Streams on one downstream connection: many at once, each answered on its own stream; a stream the client
/// cancels; a stream beyond SETTINGS_MAX_CONCURRENT_STREAMS.
/// </summary>
[Collection(Http2Collection.Name)]
public sealed class Http2StreamTests
{
    private readonly Http2Fixture _fixture;

    public Http2StreamTests(Http2Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task FiftyConcurrentStreamsWithInterleavedBodiesEachGetTheirOwnResponse()
    {
        const int count = 50;

        var report = await H2Client.RunAsync("h2_streams.py", _fixture.Port, "concurrent", count.ToString(CultureInfo.InvariantCulture), "/echo/concurrent");

        Assert.Null(report.ClientError);
        var ids = report.Root.GetProperty("streams_in_order").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(count, ids.Distinct().Count());

        // All 50 requests were open on the proxy together: every HEADERS went out before the first body ended.
        var lastHeaders = report.Sent.ToList().FindLastIndex(f => f.Type == "HEADERS");
        var firstEnd = report.Sent.ToList().FindIndex(f => f.Type == "DATA" && f.EndStream);
        Assert.True(lastHeaders < firstEnd);

        for (var i = 0; i < count; i++)
        {
            var stream = report.Streams[ids[i]];
            Assert.True(stream.Status == 200, $"stream {ids[i]}: {stream.Status} {stream.Reset}");
            var echo = EchoResponse.Parse(stream.Body);
            Assert.Equal($"/echo/concurrent/{i}?i={i}", echo.Path);
            Assert.Equal((i + 1) * 10, echo.BodyBytes);
        }
    }

    [Fact]
    public async Task AStreamTheClientCancelsIsCountedAndTheConnectionGoesOn()
    {
        var marker = Guid.NewGuid().ToString("N");
        var before = await _fixture.Proxy.StatAsync("http.main.downstream_rq_rx_reset");

        // The script waits until the proxy has the request upstream (cluster.up.upstream_rq_active), then sends
        // RST_STREAM(CANCEL) and a new request on the same connection.
        var report = await H2Client.RunAsync(
            "h2_streams.py", _fixture.Port, "cancel", $"/delay/20000?cancel={marker}", "/echo/after-cancel",
            _fixture.Proxy.AdminPort.ToString(CultureInfo.InvariantCulture), "cluster.up.upstream_rq_active");

        // (The gauge counts the request from when the proxy starts it upstream: the upstream itself may not have
        // read it yet when the client cancels, so what the upstream recorded is not asserted.)
        Assert.True(report.Bool("upstream_seen"), "the proxy never had the slow request upstream");
        var slow = report.Int("slow");
        Assert.Contains(report.Sent, f => f.Type == "RST_STREAM" && f.Stream == slow && f.Error == "CANCEL");
        Assert.Equal(200, report.Stream("after").Status);
        Assert.Empty(report.GoAways);
        await _fixture.Proxy.WaitAtLeastAsync("http.main.downstream_rq_rx_reset", before + 1);

        // Envoy resets the upstream request of a stream the client reset: nothing stays in flight (the upstream
        // would otherwise hold it for 20 s).
        await _fixture.Proxy.WaitEqualAsync("cluster.up.upstream_rq_active", 0);
    }

    [Fact]
    public async Task AStreamBeyondMaxConcurrentStreamsIsResetAndTheConnectionGoesOn()
    {
        // The "limited" listener sets http2_protocol_options.max_concurrent_streams 5. The script holds 5 POST
        // streams open (no END_STREAM yet) and opens a sixth. Today (Kestrel): RST_STREAM(REFUSED_STREAM) on it;
        // Envoy (nghttp2) resets it with PROTOCOL_ERROR once its SETTINGS are acknowledged, REFUSED_STREAM before.
        var report = await H2Client.RunAsync("h2_streams.py", _fixture.LimitedPort, "limit", Http2Fixture.MaxConcurrentStreams.ToString(CultureInfo.InvariantCulture), "/echo/limit");

        Assert.Null(report.ClientError);
        var settings = report.Received("SETTINGS").First(f => !f.Ack).Settings;
        Assert.Equal(Http2Fixture.MaxConcurrentStreams, settings.GetValueOrDefault("MAX_CONCURRENT_STREAMS"));
        Assert.Equal(Http2Fixture.MaxConcurrentStreams, report.Int("advertised"));

        var extra = report.Stream("extra");
        Assert.Null(extra.Status);
        Assert.Contains(extra.Reset, new[] { "REFUSED_STREAM", "PROTOCOL_ERROR" });
        Assert.False(_fixture.UpstreamSaw("/echo/limit?extra"));

        Assert.Empty(report.GoAways);
        foreach (var held in report.Root.GetProperty("held").EnumerateArray())
        {
            Assert.Equal(200, report.Streams[held.GetInt32()].Status);
        }

        Assert.Equal(200, report.Stream("after").Status);
    }
}
