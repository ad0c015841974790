using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/stats (text, ?filter=, ?format=json) and /stats/prometheus, checked by Prometheus' own promtool.</summary>
[Collection(AdminCollection.Name)]
public sealed class StatsEndpointTests
{
    private readonly AdminFixture _fixture;
    private readonly ITestOutputHelper _output;

    public StatsEndpointTests(AdminFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task TextIsNameColonValueLines()
    {
        await RequestThroughTheProxyAsync();

        var lines = (await _fixture.Proxy.AdminGetAsync("/stats")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(lines, l => l.StartsWith("cluster.web.upstream_rq_total: ", StringComparison.Ordinal) && long.Parse(l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]) >= 1);
        Assert.Contains("server.live: 1", lines);
        Assert.Contains(lines, l => l.StartsWith("http.ingress.downstream_rq_total: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FilterKeepsOnlyNamesMatchingTheRegex()
    {
        await RequestThroughTheProxyAsync();

        var lines = (await _fixture.Proxy.AdminGetAsync("/stats?filter=" + Uri.EscapeDataString(@"^cluster\.web\.upstream_cx_"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("cluster.web.upstream_cx_", l));
        Assert.Contains(lines, l => l.StartsWith("cluster.web.upstream_cx_total: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonIsAListOfNameValuePairs()
    {
        await RequestThroughTheProxyAsync();

        using var json = JsonDocument.Parse(await _fixture.Proxy.AdminGetAsync("/stats?format=json"));

        var stats = json.RootElement.GetProperty("stats").EnumerateArray().ToList();
        var total = stats.Single(s => s.TryGetProperty("name", out var name) && name.GetString() == "cluster.web.upstream_rq_total");
        Assert.True(total.GetProperty("value").GetInt64() >= 1);
        Assert.Contains(stats, s => s.TryGetProperty("histograms", out _));
    }

    [Fact]
    public async Task PrometheusHasTypedMetricsWithTagsAsLabels()
    {
        await RequestThroughTheProxyAsync();

        var text = await _fixture.Proxy.AdminGetAsync("/stats/prometheus");

        Assert.Contains("# TYPE envoy_cluster_upstream_rq_total counter\n", text);
        Assert.Contains("\nenvoy_cluster_upstream_rq_total{envoy_cluster_name=\"web\"} ", text);
        Assert.Contains("# TYPE envoy_server_live gauge\n", text);
        Assert.Contains("# TYPE envoy_http_downstream_rq_time histogram\n", text);
    }

    [Fact]
    public async Task PrometheusOutputParsesWithPromtool()
    {
        var required = Environment.GetEnvironmentVariable("PROXY_REQUIRE_PROMTOOL") == "1";
        if (!ExternalProcess.IsOnPath("promtool"))
        {
            Assert.False(required, "PROXY_REQUIRE_PROMTOOL=1 but promtool is not on PATH");
            _output.WriteLine("SKIPPED: promtool is not on PATH (set PROXY_REQUIRE_PROMTOOL=1 to require it)");
            return;
        }

        await RequestThroughTheProxyAsync();
        var text = await _fixture.Proxy.AdminGetAsync("/stats/prometheus");

        var result = await ExternalProcess.RunAsync("promtool", ["check", "metrics"], TimeSpan.FromSeconds(30), text);

        // Exit 0: clean; 3: parsed, with lint notes only (Envoy's own counters such as
        // envoy_cluster_upstream_rq_timeout lack the "_total" suffix promtool's linter asks for); 1: parse error.
        _output.WriteLine(result.StdOut + result.StdErr);
        Assert.True(result.ExitCode is 0 or 3, $"promtool check metrics exited {result.ExitCode}: {result.StdErr}");
        Assert.DoesNotContain("error while linting", result.StdErr + result.StdOut);
    }

    private async Task RequestThroughTheProxyAsync() => Assert.Equal(200, (await Curl.GetAsync(_fixture.Url("/"))).Status);
}
