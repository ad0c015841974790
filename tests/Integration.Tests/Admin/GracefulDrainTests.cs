using Proxy.Integration.Tests.Infrastructure;
using Proxy.Integration.Tests.Lifecycle;

namespace Proxy.Integration.Tests.Admin;

/// <summary>
/// POST /drain_listeners?inboundonly&amp;graceful, as pilot-agent sends it when the pod terminates, with Istio's
/// --drain-strategy immediate: during the drain time the inbound listener keeps accepting but every HTTP/1.1
/// response on it says Connection: close (http.*.downstream_cx_drain_close counts the connections), while the
/// outbound listener is not drained. Each test runs its own proxy.
/// </summary>
public sealed class GracefulDrainTests : IClassFixture<UpstreamOnlyFixture>
{
    private readonly UpstreamOnlyFixture _fixture;

    public GracefulDrainTests(UpstreamOnlyFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task InboundOnlyGracefulDrainClosesInboundConnectionsAfterTheirResponse()
    {
        var inbound = FreePort.Get();
        var outbound = FreePort.Get();
        var bootstrap = Bootstraps.Server(
            Listener("inbound", inbound, "INBOUND") + "\n" + Listener("outbound", outbound, "OUTBOUND"),
            Bootstraps.StaticCluster("up", ports: _fixture.Upstream.Port));
        await using var proxy = await ProxyStartup.StartAsync(
            bootstrap, ["--drain-strategy", "immediate", "--drain-time-s", "60"], TimeSpan.FromSeconds(120));
        var before = await Curl.GetAsync($"http://127.0.0.1:{inbound}/");
        Assert.Equal(200, before.Status);
        Assert.Null(before.Header("connection"));

        Assert.Equal(200, (int)(await proxy.AdminPostAsync("/drain_listeners?inboundonly&graceful")).StatusCode);

        var drained = await Eventually.UntilAsync(() => Curl.GetAsync($"http://127.0.0.1:{inbound}/"), r => r.Header("connection") is not null, "inbound responses say Connection: close");
        Assert.Equal(200, drained.Status);
        Assert.Equal("close", drained.Header("connection"));
        var untouched = await Curl.GetAsync($"http://127.0.0.1:{outbound}/");
        Assert.Equal(200, untouched.Status);
        Assert.Null(untouched.Header("connection"));
        Assert.True(await proxy.StatAsync("http.inbound.downstream_cx_drain_close") >= 1);
        Assert.Equal(0, await proxy.StatAsync("http.outbound.downstream_cx_drain_close"));
        Assert.Contains("DRAINING", await proxy.AdminGetAsync("/server_info"));
    }

    private static string Listener(string name, int port, string direction) =>
        Bootstraps.HttpListener(name, port, Bootstraps.CatchAll("up"))
            .Replace("  address:", $"  traffic_direction: {direction}\n  address:", StringComparison.Ordinal);
}
