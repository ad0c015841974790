namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// Connection-level frames: the SETTINGS exchange, PING, a frame where RFC 9113 forbids it, and the HCM's
/// idle_timeout ending an idle connection with GOAWAY.
/// </summary>
[Collection(Http2Collection.Name)]
public sealed class Http2ConnectionTests
{
    private readonly Http2Fixture _fixture;

    public Http2ConnectionTests(Http2Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TheProxysSettingsComeFirstAndEverySettingsAndPingIsAcknowledged()
    {
        // The client sends SETTINGS (MAX_CONCURRENT_STREAMS 77) with its preface, a PING once its SETTINGS are
        // acknowledged, then a second SETTINGS (HEADER_TABLE_SIZE 1024).
        var report = await H2Client.RunAsync("h2_frames.py", _fixture.Port, "handshake");

        Assert.Null(report.ClientError);
        var first = report.Frames[0];
        Assert.True(first.Type == "SETTINGS" && !first.Ack, "the server connection preface is a SETTINGS frame:\n" + report.Describe());
        Assert.Equal(100, first.Settings.GetValueOrDefault("MAX_CONCURRENT_STREAMS"));
        Assert.Single(report.Received("SETTINGS"), f => !f.Ack);
        Assert.Equal(2, report.Received("SETTINGS").Count(f => f.Ack));

        var pong = Assert.Single(report.Received("PING"));
        Assert.True(pong.Ack);
        Assert.Equal(report.Root.GetProperty("ping").GetString(), pong.Data);
        Assert.Empty(report.GoAways);
    }

    [Fact]
    public async Task DataOnStreamZeroIsAConnectionErrorGoAwayProtocolError()
    {
        // RFC 9113 6.1: DATA on stream 0 is a connection error of type PROTOCOL_ERROR. Today (Kestrel): GOAWAY
        // (last stream 0, PROTOCOL_ERROR), then the close.
        var report = await H2Client.RunAsync("h2_frames.py", _fixture.Port, "data-on-stream-0");

        var goAway = Assert.Single(report.GoAways);
        Assert.Equal("PROTOCOL_ERROR", goAway.Error);
        Assert.Equal(0, goAway.LastStream);
        Assert.True(report.ClosedByProxy, $"the proxy closes the connection after GOAWAY ({report.CloseReason})");

        var next = await H2Client.RunAsync("h2_exchange.py", _fixture.Port, "GET", "/echo/after-goaway");
        Assert.Equal(200, next.Stream("first").Status);
    }

    [Fact]
    public async Task AnIdleConnectionGetsGoAwayAfterTheIdleTimeoutAndIsClosed()
    {
        // idle_timeout 1 s on the "idle" listener. Envoy: when it fires, the drain sequence: GOAWAY (last stream
        // 2^31-1, NO_ERROR), drain_timeout (0.2 s here), GOAWAY (last stream = the last one it processed), close.
        // Today (Kestrel's keep-alive timeout, checked on a 1 s heartbeat): one GOAWAY (last stream 1, NO_ERROR)
        // 2-3 s after the last stream ended, then the close. Both: NO_ERROR GOAWAYs, the last one naming stream
        // 1, not before the idle timeout, closed by the proxy within a few seconds.
        var report = await H2Client.RunAsync("h2_idle.py", _fixture.IdlePort, "10", "/echo/idle");

        Assert.Equal(200, report.Stream("first").Status);
        var idleSince = report.Double("idle_since");
        Assert.NotEmpty(report.GoAways);
        Assert.All(report.GoAways, g => Assert.Equal("NO_ERROR", g.Error));
        Assert.True(report.GoAways[0].At - idleSince >= 0.9, $"GOAWAY before the idle timeout:\n{report.Describe()}");
        Assert.Equal(1, report.GoAways[^1].LastStream);
        Assert.True(report.ClosedByProxy, $"the proxy closes the idle connection ({report.CloseReason}):\n{report.Describe()}");
        Assert.True(report.ClosedAt - idleSince < 8, $"closed {report.ClosedAt - idleSince:0.0} s after the connection went idle");
    }
}
