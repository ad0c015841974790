using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.RateLimit;

/// <summary>envoy.filters.http.local_ratelimit in a real proxy, driven by curl.</summary>
public sealed class LocalRateLimitTests : IClassFixture<LocalRateLimitFixture>
{
    private readonly LocalRateLimitFixture _fixture;

    public LocalRateLimitTests(LocalRateLimitFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TheDefaultBucketAllowsItsTokensThen429WithHeaders()
    {
        var responses = new List<CurlResponse>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await Curl.GetAsync(_fixture.Url("/echo/default")));
        }

        Assert.Equal([200, 200, 200, 429], responses.Select(r => r.Status));
        Assert.Equal(["2", "1", "0", "0"], responses.Select(r => r.Header("x-ratelimit-remaining")));
        Assert.All(responses, r => Assert.Equal("3", r.Header("x-ratelimit-limit")));
        Assert.InRange(int.Parse(responses[3].Header("x-ratelimit-reset")!, System.Globalization.CultureInfo.InvariantCulture), 3500, 3600);
        Assert.Equal("local_rate_limited", responses[3].Body);
        Assert.Equal("yes", responses[3].Header("x-limited"));
        Assert.Null(responses[0].Header("x-limited"));
        Assert.Equal(1, await _fixture.Proxy.StatAsync("edge.http_local_rate_limit.enforced"));
    }

    [Fact]
    public async Task RouteRateLimitsSelectTheDescriptorBucket()
    {
        var first = await Curl.GetAsync(_fixture.Url("/echo/vip"), "-H", "x-tier: vip");
        var second = await Curl.GetAsync(_fixture.Url("/echo/vip"), "-H", "x-tier: vip");

        Assert.Equal(200, first.Status);
        Assert.Equal("1", first.Header("x-ratelimit-limit"));
        Assert.Equal(429, second.Status);
    }

    [Fact]
    public async Task APerRouteConfigReplacesTheFiltersWithItsOwnBucketAndStats()
    {
        var first = await Curl.GetAsync(_fixture.Url("/echo/route-limited"));
        var second = await Curl.GetAsync(_fixture.Url("/echo/route-limited"));

        Assert.Equal(200, first.Status);
        Assert.Null(first.Header("x-ratelimit-limit"));
        Assert.Equal(429, second.Status);
        Assert.Equal(1, await _fixture.Proxy.StatAsync("route.http_local_rate_limit.ok"));
        Assert.Equal(1, await _fixture.Proxy.StatAsync("route.http_local_rate_limit.rate_limited"));
    }
}
