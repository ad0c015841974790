using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Errors;

/// <summary>
/// Envoy's error responses end to end: status and body, the response flag in the access log, and the
/// stats operators alert on (http.errors.*, cluster.&lt;c&gt;.*).
/// </summary>
[Collection(ErrorsCollection.Name)]
public sealed class ErrorFlagTests
{
    private readonly ErrorsFixture _fixture;

    public ErrorFlagTests(ErrorsFixture fixture) => _fixture = fixture;

    private ProxyProcess Proxy => _fixture.Proxy;

    [Fact]
    public async Task NoMatchingRouteIs404WithFlagNR()
    {
        var id = Marker();
        var noRoute = await Proxy.StatAsync("http.errors.no_route");
        var fourXx = await Proxy.StatAsync("http.errors.downstream_rq_4xx");

        var response = await Curl.GetAsync(_fixture.Url("/nr/" + id));

        Assert.Equal(404, response.Status);
        Assert.Equal("", response.Body);
        Assert.Equal($"NR 404 /nr/{id}", await _fixture.LogLineAsync(id));
        await Proxy.WaitEqualAsync("http.errors.no_route", noRoute + 1);
        await Proxy.WaitAtLeastAsync("http.errors.downstream_rq_4xx", fourXx + 1);
    }

    [Fact]
    public async Task ClusterWithoutEndpointsIs503NoHealthyUpstreamWithFlagUH()
    {
        var id = Marker();
        var noneHealthy = await Proxy.StatAsync("cluster.empty.upstream_cx_none_healthy");
        var fiveXx = await Proxy.StatAsync("http.errors.downstream_rq_5xx");

        var response = await Curl.GetAsync(_fixture.Url("/uh?id=" + id));

        Assert.Equal(503, response.Status);
        Assert.Equal("no healthy upstream", response.Body);
        Assert.Equal($"UH 503 /uh?id={id}", await _fixture.LogLineAsync(id));
        await Proxy.WaitEqualAsync("cluster.empty.upstream_cx_none_healthy", noneHealthy + 1);
        await Proxy.WaitAtLeastAsync("http.errors.downstream_rq_5xx", fiveXx + 1);
    }

    [Fact]
    public async Task EndpointOnAClosedPortIs503ConnectionFailureWithFlagUF()
    {
        var id = Marker();
        var connectFail = await Proxy.StatAsync("cluster.closed.upstream_cx_connect_fail");
        var fiveXx = await Proxy.StatAsync("http.errors.downstream_rq_5xx");

        var response = await Curl.GetAsync(_fixture.Url("/uf?id=" + id));

        Assert.Equal(503, response.Status);

        // Envoy: "... reset reason: connection failure" (newer releases say "remote connection failure,
        // transport failure reason: ..."); the prefix and the reason are what users grep for.
        Assert.StartsWith("upstream connect error or disconnect/reset before headers. reset reason: ", response.Body);
        Assert.Contains("connection failure", response.Body);
        Assert.Equal($"UF 503 /uf?id={id}", await _fixture.LogLineAsync(id));
        await Proxy.WaitEqualAsync("cluster.closed.upstream_cx_connect_fail", connectFail + 1);
        await Proxy.WaitAtLeastAsync("http.errors.downstream_rq_5xx", fiveXx + 1);
    }

    [Fact]
    public async Task RouteTimeoutIs504UpstreamRequestTimeoutWithFlagUT()
    {
        var id = Marker();
        var timeouts = await Proxy.StatAsync("cluster.up.upstream_rq_timeout");
        var fiveXx = await Proxy.StatAsync("http.errors.downstream_rq_5xx");

        // The upstream answers after 3 s; the route gives it 0.3 s.
        var response = await Curl.GetAsync(_fixture.Url("/ut/delay/3000?id=" + id));

        Assert.Equal(504, response.Status);
        Assert.Equal("upstream request timeout", response.Body);
        Assert.Equal($"UT 504 /ut/delay/3000?id={id}", await _fixture.LogLineAsync(id));
        await Proxy.WaitEqualAsync("cluster.up.upstream_rq_timeout", timeouts + 1);
        await Proxy.WaitAtLeastAsync("http.errors.downstream_rq_5xx", fiveXx + 1);
    }

    [Fact]
    public async Task ClientClosingBeforeTheResponseIsLoggedAsDCWithCode0()
    {
        var id = Marker();
        var resets = await _fixture.Proxy.StatAsync("http.errors.downstream_rq_rx_reset");

        await using (var client = await RawConnection.ConnectAsync(_fixture.Port))
        {
            await client.SendAsync($"GET /up/delay/2000?id={id} HTTP/1.1\r\nHost: errors\r\n\r\n");

            // Close only once the request is upstream, so the proxy has a stream to reset.
            await Eventually.UntilAsync(() => _fixture.Upstream.Requests.Any(r => r.RawTarget.Contains(id, StringComparison.Ordinal)), "the upstream got the request");
        }

        // No response was sent: Envoy logs %RESPONSE_CODE% as 0 and the flag DC (downstream connection termination).
        Assert.Equal($"DC 0 /up/delay/2000?id={id}", await _fixture.LogLineAsync(id));
        await _fixture.Proxy.WaitAtLeastAsync("http.errors.downstream_rq_rx_reset", resets + 1);
    }

    [Fact]
    public async Task ASuccessfulRequestHasNoFlag()
    {
        var id = Marker();

        var response = await Curl.GetAsync(_fixture.Url("/up/echo?id=" + id));

        Assert.Equal(200, response.Status);
        Assert.Equal($"- 200 /up/echo?id={id}", await _fixture.LogLineAsync(id));
    }

    private static string Marker() => Guid.NewGuid().ToString("N");
}
