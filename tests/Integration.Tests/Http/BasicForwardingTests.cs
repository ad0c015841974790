using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>The proxy process forwards real curl requests to a real upstream, and says why when it cannot.</summary>
public class BasicForwardingTests
{
    [Fact]
    public async Task ForwardsAGetAndAddsEnvoysHeaders()
    {
        await using var upstream = await TestUpstream.StartAsync("backend");
        var port = FreePort.Get();
        await using var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: upstream.Port)));

        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/echo?x=1");

        Assert.Equal(200, response.Status);
        Assert.Equal("envoy", response.Header("server"));
        Assert.NotNull(response.Header("x-envoy-upstream-service-time"));
        var seen = Assert.Single(upstream.Requests);
        Assert.Equal("/echo?x=1", seen.RawTarget);
        Assert.Equal($"127.0.0.1:{port}", seen.Headers["host"]);
        Assert.Equal("http", seen.Headers["x-forwarded-proto"]);
        Assert.True(Guid.TryParse(seen.Headers["x-request-id"], out _));
        Assert.Equal("15000", seen.Headers["x-envoy-expected-rq-timeout-ms"]);
    }

    [Fact]
    public async Task ConnectFailureIs503UfWithEnvoysBody()
    {
        var closedPort = FreePort.Get();
        var port = FreePort.Get();
        await using var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("down"), Bootstraps.StaticCluster("down", ports: closedPort)));

        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(503, response.Status);
        Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: connection failure", response.Body);
        Assert.Equal(1, await proxy.StatAsync("cluster.down.upstream_cx_connect_fail"));
    }
}
