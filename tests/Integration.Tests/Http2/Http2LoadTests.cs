using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http2;

/// <summary>nghttp2's h2load (Debian's nghttp2-client) against the proxy: many multiplexed streams, none failing.</summary>
[Collection(Http2Collection.Name)]
public sealed class Http2LoadTests
{
    private readonly Http2Fixture _fixture;

    public Http2LoadTests(Http2Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task H2loadTwoThousandRequestsOnFourConnectionsTenStreamsEachAllSucceed()
    {
        var before = await _fixture.Proxy.StatAsync("http.main.downstream_rq_http2_total");

        // http:// makes h2load speak h2c with prior knowledge.
        var result = await ExternalProcess.RunAsync("h2load", ["-n", "2000", "-c", "4", "-m", "10", _fixture.Url("/h2load")], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored, 0 timeout", result.StdOut);
        Assert.Contains("status codes: 2000 2xx, 0 3xx, 0 4xx, 0 5xx", result.StdOut);
        await _fixture.Proxy.WaitAtLeastAsync("http.main.downstream_rq_http2_total", before + 2000);
    }
}
