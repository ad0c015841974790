using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Upstream;

/// <summary>Clusters, load balancers, upstream protocols and body streaming through the real proxy.</summary>
public sealed class UpstreamTests : IClassFixture<UpstreamFixture>
{
    private readonly UpstreamFixture _fixture;

    public UpstreamTests(UpstreamFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task RoundRobinAlternatesBetweenTwoUpstreams()
    {
        var names = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            names.Add((await Curl.GetAsync(_fixture.Url("/rr/"))).Body);
        }

        // Equal weights: Envoy's round robin alternates strictly, from whichever host it starts with.
        for (var i = 1; i < names.Count; i++)
        {
            Assert.NotEqual(names[i - 1], names[i]);
        }

        Assert.Equal(5, names.Count(n => n == "one"));
        Assert.Equal(5, names.Count(n => n == "two"));
    }

    [Fact]
    public async Task OriginalDstClusterConnectsWhereTheOverrideHeaderSays()
    {
        var one = await Curl.GetAsync(_fixture.Url("/dst/"), "-H", $"x-envoy-original-dst-host: 127.0.0.1:{_fixture.One.Port}");
        var two = await Curl.GetAsync(_fixture.Url("/dst/"), "-H", $"x-envoy-original-dst-host: 127.0.0.1:{_fixture.Two.Port}");

        Assert.Equal("one", one.Body);
        Assert.Equal("two", two.Body);
    }

    [Fact]
    public async Task OriginalDstClusterWithoutHeaderOrRedirectAnswers503()
    {
        // Not redirected (no original destination restored) and no header: Envoy's original-dst LB has no host.
        var response = await Curl.GetAsync(_fixture.Url("/dst/"));

        Assert.Equal(503, response.Status);
        Assert.Equal("no healthy upstream", response.Body);
    }

    [Fact]
    public async Task Http2UpstreamIsReachedOverHttp2()
    {
        var response = await Curl.GetAsync(_fixture.Url("/h2/echo"));

        Assert.Equal(200, response.Status);
        Assert.Equal("HTTP/1.1", response.HttpVersion);
        Assert.Equal("HTTP/2", EchoResponse.Parse(response.Body).Protocol);
    }

    [Fact]
    public async Task UseDownstreamProtocolFollowsTheClient()
    {
        var http1 = await Curl.GetAsync(_fixture.Url("/downstream/echo"));
        var h2c = await Curl.GetAsync(_fixture.Url("/downstream/echo"), "--http2-prior-knowledge");

        Assert.Equal("HTTP/1.1", EchoResponse.Parse(http1.Body).Protocol);
        Assert.Equal("HTTP/2", EchoResponse.Parse(h2c.Body).Protocol);
    }

    [Fact]
    public async Task UnixSocketEndpoint()
    {
        var response = await Curl.GetAsync(_fixture.Url("/unix/"));

        Assert.Equal(200, response.Status);
        Assert.Equal("unix", response.Body);
    }

    [Theory]
    [InlineData("/strict/", "one")]
    [InlineData("/logical/", "two")]
    public async Task DnsClustersResolveLocalhost(string prefix, string upstream)
    {
        // A DNS cluster may still be resolving right after start: Envoy answers 503 UH until it has hosts.
        var response = await Eventually.UntilAsync(() => Curl.GetAsync(_fixture.Url(prefix)), r => r.Status == 200, "DNS cluster serves");

        Assert.Equal(upstream, response.Body);
    }

    [Fact]
    public async Task RingHashSendsTheSameHeaderValueToTheSameUpstream()
    {
        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 6; i++)
            {
                seen.Add((await Curl.GetAsync(_fixture.Url("/ring/"), "-H", "x-user: " + user)).Body);
            }

            Assert.Single(seen);
        }
    }

    [Fact]
    public async Task LeastRequestAvoidsTheBusyUpstream()
    {
        // One request is held on one upstream; with choice_count 20 every new request samples both hosts
        // (a miss needs 20 draws of the busy host: 2^-20), so it goes to the idle one.
        var slow = Curl.GetAsync(_fixture.Url("/least/delay/3000"));
        await Eventually.UntilAsync(() => _fixture.Proxy.StatAsync("cluster.least.upstream_rq_active"), active => active == 1, "the slow request is in flight");

        var names = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            names.Add((await Curl.GetAsync(_fixture.Url("/least/"))).Body);
        }

        Assert.Equal(200, (await slow).Status);
        var busy = _fixture.One.Requests.Any(r => r.RawTarget == "/delay/3000") ? "one" : "two";
        Assert.NotEqual(busy, Assert.Single(names));
    }

    [Fact]
    public async Task ResponseTrailersReachAnHttp2Client()
    {
        var headers = Path.Combine(Path.GetTempPath(), "curl-headers-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await ExternalProcess.RunAsync("curl", ["-sS", "--http2-prior-knowledge", "-D", headers, _fixture.Url("/h2/trailers")]);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("body with trailers", result.StdOut);
            Assert.Contains("x-checksum: abc123", await File.ReadAllTextAsync(headers));
        }
        finally
        {
            File.Delete(headers);
        }
    }

    [Fact]
    public async Task ExpectContinueGets100Then200()
    {
        var body = Path.Combine(Path.GetTempPath(), "expect-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(body, new byte[256 * 1024]);
        try
        {
            var response = await Curl.GetAsync(_fixture.Url("/rr/echo"), "-H", "Expect: 100-continue", "--data-binary", "@" + body);

            Assert.Equal(200, response.Status);
            var echo = EchoResponse.Parse(response.Body);
            Assert.Equal(256 * 1024, echo.BodyBytes);

            // Envoy answers the Expect itself (proxy_100_continue is off) and does not forward it.
            Assert.Null(echo.Header("expect"));
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Fact]
    public async Task OneGibUploadStreamsWithBoundedMemory()
    {
        const long size = 1L << 30;
        var file = Path.Combine(Path.GetTempPath(), "upload-" + Guid.NewGuid().ToString("N"));
        using (var sparse = File.Create(file))
        {
            sparse.SetLength(size);
        }

        try
        {
            await Curl.GetAsync(_fixture.Url("/rr/"));
            var startRss = ProcessMemory.RssBytes(_fixture.Proxy.Pid);

            var (response, peak) = await ProcessMemory.PeakWhileAsync(
                _fixture.Proxy.Pid,
                Curl.RequestAsync(_fixture.Url("/big/upload"), TimeSpan.FromMinutes(2), "-X", "POST", "-T", file));

            Assert.Equal(200, response.Status);
            Assert.Equal("received " + size, response.Body);
            Assert.True(peak < startRss + (150L << 20), $"peak RSS {peak >> 20} MiB, start {startRss >> 20} MiB: the body was buffered");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task OneGibDownloadStreamsWithBoundedMemory()
    {
        const long size = 1L << 30;
        await Curl.GetAsync(_fixture.Url("/rr/"));
        var startRss = ProcessMemory.RssBytes(_fixture.Proxy.Pid);

        var (response, peak) = await ProcessMemory.PeakWhileAsync(
            _fixture.Proxy.Pid,
            Curl.RequestAsync(_fixture.Url($"/big/bytes/{size}"), TimeSpan.FromMinutes(2), "-o", "/dev/null"));

        // curl fails (exit 18) when fewer bytes than Content-Length arrive.
        Assert.Equal((0, 200), (response.ExitCode, response.Status));
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("content-length"));
        Assert.True(peak < startRss + (150L << 20), $"peak RSS {peak >> 20} MiB, start {startRss >> 20} MiB: the body was buffered");
    }
}
