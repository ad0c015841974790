using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Routing;

/// <summary>Route selection and route actions through the real proxy, seen by curl and by the upstreams.</summary>
public sealed class RoutingTests : IClassFixture<RoutingFixture>
{
    private readonly RoutingFixture _fixture;

    public RoutingTests(RoutingFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("exact.test", "vh-exact")]
    [InlineData("EXACT.Test", "vh-exact")]
    [InlineData("a.suffix.test", "vh-suffix")]
    [InlineData("x.deep.suffix.test", "vh-longer-suffix")]
    [InlineData("suffix.test", "vh-star")]
    [InlineData("prefix.anything.example", "vh-prefix")]
    [InlineData("prefix.suffix.test", "vh-suffix")]
    [InlineData("port.test:8080", "vh-host-port")]
    [InlineData("port.test", "vh-star")]
    [InlineData("exact.test:8080", "vh-star")]
    [InlineData("unknown.test", "vh-star")]
    public async Task VirtualHostIsChosenByTheHostHeader(string host, string expected)
    {
        // Envoy's order: exact domain, then the longest *.suffix, then the longest prefix.*, then "*";
        // the host is compared case-insensitively and with its port.
        var response = await GetAsync(host, "/");

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Body);
    }

    [Theory]
    [InlineData("/exact", "path")]
    [InlineData("/exact?x=1", "path")]
    [InlineData("/exact/more", "fallback")]
    [InlineData("/re/123", "safe-regex")]
    [InlineData("/re/12a", "fallback")]
    [InlineData("/sep", "path-separated-prefix")]
    [InlineData("/sep/x", "path-separated-prefix")]
    [InlineData("/sep?x=1", "path-separated-prefix")]
    [InlineData("/separate", "fallback")]
    [InlineData("/CASE/x", "case-insensitive")]
    [InlineData("/Strict/x", "case-sensitive")]
    [InlineData("/strict/x", "fallback")]
    [InlineData("/q?debug=1", "q-exact")]
    [InlineData("/q?debug=2", "q-none")]
    [InlineData("/q?a=b&flag", "q-present")]
    [InlineData("/q?flag=anything", "q-present")]
    [InlineData("/q", "q-none")]
    public async Task PathAndQueryMatchers(string pathAndQuery, string expected)
    {
        var response = await GetAsync("match.test", pathAndQuery);

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Body);
    }

    [Theory]
    [InlineData("x-exact: v", "h-exact")]
    [InlineData("x-exact: V", "h-none")]
    [InlineData("x-prefix: prefixed", "h-prefix")]
    [InlineData("x-suffix: endsuf", "h-suffix")]
    [InlineData("x-contains: amidb", "h-contains")]
    [InlineData("x-regex: abc-42", "h-regex")]
    [InlineData("x-regex: abc-42x", "h-none")]
    [InlineData("x-present: anything", "h-present")]
    [InlineData("x-range: 10", "h-range")]
    [InlineData("x-range: 19", "h-range")]
    [InlineData("x-range: 20", "h-none")]
    [InlineData("x-range: abc", "h-none")]
    [InlineData("x-invert: yes", "h-invert")]
    [InlineData("x-invert: no", "h-none")]
    [InlineData("x-unrelated: 1", "h-none")]
    public async Task HeaderMatchers(string header, string expected)
    {
        var response = await GetAsync("match.test", "/h", "-H", header);

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Body);
    }

    [Theory]
    [InlineData("application/grpc", "grpc")]
    [InlineData("application/grpc+proto", "grpc")]
    [InlineData("application/json", "not-grpc")]
    public async Task GrpcMatcherLooksAtTheContentType(string contentType, string expected)
    {
        var response = await GetAsync("match.test", "/g", "-H", "content-type: " + contentType);

        Assert.Equal(expected, response.Body);
    }

    [Fact]
    public async Task ClusterActionForwardsToTheNamedCluster()
    {
        var response = await GetAsync("action.test", "/to-a");

        Assert.Equal(200, response.Status);
        Assert.Equal("a", response.Body);
    }

    [Theory]
    [InlineData("a", 200, "a")]
    [InlineData("b", 200, "b")]
    [InlineData("missing", 503, "")]
    public async Task ClusterHeaderNamesTheCluster(string cluster, int status, string body)
    {
        // A cluster_header naming no cluster is Envoy's cluster_not_found (503 by default, empty body).
        var response = await GetAsync("action.test", "/by-header", "-H", "x-cluster: " + cluster);

        Assert.Equal(status, response.Status);
        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task WeightedClustersSplitNinetyToTen()
    {
        // 1000 requests; b's expected share is 10%: accept 6%..14% (±4 points, more than 4 standard
        // deviations of a binomial(1000, 0.1), so a correct split fails this about once in 30000 runs).
        var result = await ExternalProcess.RunAsync("curl", ["-sS", "--max-time", "120", "-H", "Host: action.test", "-w", "\n", _fixture.Url("/weighted?n=[1-1000]")], TimeSpan.FromSeconds(150));

        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        var b = lines.Count(line => line == "b");
        var a = lines.Count(line => line == "a");
        Assert.Equal(1000, a + b);
        Assert.InRange(b, 60, 140);
    }

    [Fact]
    public async Task HttpsRedirectKeepsHostPathAndQuery()
    {
        var response = await GetAsync("action.test", "/redirect-https/x?y=1");

        Assert.Equal(301, response.Status);
        Assert.Equal("https://action.test/redirect-https/x?y=1", response.Header("location"));
    }

    [Fact]
    public async Task HttpsRedirectDropsTheDefaultHttpPort()
    {
        var response = await GetAsync("action.test:80", "/redirect-https");

        Assert.Equal("https://action.test/redirect-https", response.Header("location"));
    }

    [Fact]
    public async Task HostAndPortRedirectWithResponseCode()
    {
        var response = await GetAsync("action.test", "/redirect-host?q=1");

        Assert.Equal(302, response.Status);
        Assert.Equal("http://new.test:8443/redirect-host?q=1", response.Header("location"));
    }

    [Fact]
    public async Task PathRedirectStripsTheQuery()
    {
        var response = await GetAsync("action.test", "/redirect-path?q=1");

        Assert.Equal(303, response.Status);
        Assert.Equal("http://action.test/new/path", response.Header("location"));
    }

    [Fact]
    public async Task PrefixRewriteRedirect()
    {
        var response = await GetAsync("action.test", "/redirect-prefix/x/y?z=1");

        Assert.Equal(307, response.Status);
        Assert.Equal("http://action.test/replaced/x/y?z=1", response.Header("location"));
    }

    [Fact]
    public async Task DirectResponseWithBody()
    {
        var response = await GetAsync("action.test", "/direct");

        Assert.Equal(418, response.Status);
        Assert.Equal("i am a teapot", response.Body);
        Assert.Equal("text/plain", response.Header("content-type"));
    }

    [Fact]
    public async Task PrefixRewriteKeepsTheQueryAndRecordsTheOriginalPath()
    {
        var echo = await EchoAsync("/rewrite/abc?x=1");

        Assert.Equal("/echo/abc?x=1", echo.Path);
        Assert.Equal("/rewrite/abc?x=1", echo.Header("x-envoy-original-path"));
    }

    [Fact]
    public async Task RegexRewriteSubstitutesCaptureGroups()
    {
        var echo = await EchoAsync("/regex/abc/def");

        Assert.Equal("/echo/def/abc", echo.Path);
    }

    [Fact]
    public async Task HostRewriteLiteral()
    {
        var echo = await EchoAsync("/host-literal");

        Assert.Equal("rewritten.test", echo.Header("host"));
    }

    [Fact]
    public async Task AutoHostRewriteUsesTheDnsName()
    {
        var echo = await EchoAsync("/auto-host");

        Assert.Equal("a", echo.Upstream);
        Assert.Equal("localhost", echo.Header("host"));
    }

    [Fact]
    public async Task RouteTimeoutIs504()
    {
        var response = await GetAsync("action.test", "/slow");

        Assert.Equal(504, response.Status);
        Assert.Equal("upstream request timeout", response.Body);
    }

    [Fact]
    public async Task RequestHeadersAreMutatedAtRouteVirtualHostAndConfigLevels()
    {
        var response = await GetAsync(
            "action.test",
            "/headers",
            "-H", "x-appended: client",
            "-H", "x-overwritten: client",
            "-H", "x-if-absent: client",
            "-H", "x-client-secret: s3cret");
        var echo = EchoResponse.Parse(response.Body);

        // Envoy evaluates the route's mutations first, then the virtual host's, then the route
        // configuration's (most_specific_header_mutations_wins: false), so appends come in that order and
        // the configuration-level overwrite is the one left.
        Assert.Equal(["client", "route", "vhost", "config"], echo.HeaderValues("x-appended"));
        Assert.Equal("config", echo.Header("x-overwritten"));
        Assert.Equal("client", echo.Header("x-if-absent"));
        Assert.Null(echo.Header("x-client-secret"));
        Assert.Equal("127.0.0.1", echo.Header("x-client-ip"));
    }

    [Fact]
    public async Task ResponseHeadersAreMutatedAtThreeLevels()
    {
        var response = await GetAsync("action.test", "/headers");

        Assert.Equal(200, response.Status);
        Assert.Equal(["route", "vhost", "config"], EchoResponse.Split(string.Join(',', response.Headers["x-resp"])));
        Assert.Null(response.Header("x-upstream"));
    }

    private Task<CurlResponse> GetAsync(string host, string pathAndQuery, params string[] extra) =>
        Curl.GetAsync(_fixture.Url(pathAndQuery), ["-H", "Host: " + host, .. extra]);

    private async Task<EchoResponse> EchoAsync(string pathAndQuery)
    {
        var response = await GetAsync("action.test", pathAndQuery);
        Assert.Equal(200, response.Status);
        return EchoResponse.Parse(response.Body);
    }
}
