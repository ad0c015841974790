using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>
/// Istio's real bootstrap stats_config (istio/bootstrap/golden): its custom tag regexes are std::regex
/// syntax with POSIX classes and lookahead, its inclusion list decides which Envoy stats exist.
/// </summary>
public sealed class IstioStatsConfigTests
{
    private static readonly StatsOptions Istio = StatsConfigTranslator.Translate(StatsTestConfig.IstioGolden());

    [Fact]
    public void EveryGoldenStatsConfigTranslates()
    {
        var goldens = Directory.GetFiles(ConformanceData.PathOf(Path.Combine("istio", "bootstrap", "golden")), "*_golden.json");
        Assert.NotEmpty(goldens);
        var translated = 0;
        foreach (var golden in goldens)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(golden));
            if (!doc.RootElement.TryGetProperty("stats_config", out var statsConfig))
            {
                continue;
            }

            var options = StatsConfigTranslator.Translate(StatsTestConfig.Parse(statsConfig.GetRawText()));
            Assert.NotNull(options.TagProducer);
            translated++;
        }

        Assert.True(translated > 20, $"only {translated} goldens had a stats_config");
    }

    [Fact]
    public void ClusterNameEndsAtTheSemicolonOfAltStatName()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "cluster.xds-grpc;.upstream_rq_200");

        Assert.Equal("cluster.upstream_rq", name);
        Assert.Equal([new("cluster_name", "xds-grpc"), new("response_code", "200")], tags);
    }

    [Fact]
    public void OutboundClusterNameWithDots()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "cluster.outbound|9080||reviews.default.svc.cluster.local;.upstream_cx_total");

        Assert.Equal("cluster.upstream_cx_total", name);
        Assert.Equal([new("cluster_name", "outbound|9080||reviews.default.svc.cluster.local")], tags);
    }

    [Fact]
    public void ResponseCodeClassUsesTheWholeClass()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "cluster.xds-grpc;.upstream_rq_2xx");

        Assert.Equal("cluster.upstream_rq", name);
        Assert.Equal([new("cluster_name", "xds-grpc"), new("response_code_class", "2xx")], tags);
    }

    [Fact]
    public void HttpConnectionManagerPrefixWithPosixClassesAndRbacResult()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "http.inbound_0.0.0.0_8080;.rbac.allowed");

        Assert.Equal("http.rbac", name);
        Assert.Equal([new("authz_enforce_result", "allowed"), new("http_conn_manager_prefix", "inbound_0.0.0.0_8080")], tags);
    }

    [Fact]
    public void ListenerAddressWithPosixDigitClass()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "listener.0.0.0.0_15006.downstream_cx_total");

        Assert.Equal("listener.downstream_cx_total", name);
        Assert.Equal([new("listener_address", "0.0.0.0_15006")], tags);
    }

    [Fact]
    public void ListenerHttpPrefixUsesLookahead()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "listener.0.0.0.0_15090.http.15090.downstream_rq_2xx");

        Assert.Equal("listener.http.downstream_rq", name);
        Assert.Contains(new StatTag("http_conn_manager_listener_prefix", "15090"), tags);
        Assert.Contains(new StatTag("listener_address", "0.0.0.0_15090"), tags);
        Assert.Contains(new StatTag("response_code_class", "2xx"), tags);
    }

    [Fact]
    public void WatchdogThreadName()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "server.main_thread.watchdog_miss");

        Assert.Equal("server.watchdog_miss", name);
        Assert.Equal([new("thread_name", "main_thread")], tags);
    }

    [Fact]
    public void TcpPrefixStopsAtTheLastToken()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "tcp.inbound_0.0.0.0_9080.downstream_cx_total");

        Assert.Equal("tcp.downstream_cx_total", name);
        Assert.Equal([new("tcp_prefix", "inbound_0.0.0.0_9080")], tags);
    }

    [Fact]
    public void ServerStatsKeepTheirName()
    {
        var (name, tags) = StatsTestConfig.Extract(Istio, "server.envoy_bug_failures");

        Assert.Equal("server.envoy_bug_failures", name);
        Assert.Empty(tags);
    }

    [Theory]
    [InlineData("cluster_manager.cds.update_success", false)]
    [InlineData("listener_manager.workers_started", false)]
    [InlineData("server.state", false)]
    [InlineData("cluster.xds-grpc;.upstream_cx_total", false)]
    [InlineData("http.inbound_0.0.0.0_8080;.rbac.allowed", false)]
    [InlineData("http.inbound_0.0.0.0_8080;.rbac.shadow_denied", false)]
    [InlineData("vhost.a.route.b.upstream_rq_total", false)]
    [InlineData("istiocustom.istio_requests_total.reporter.source", false)]
    [InlineData("wasm.envoy.wasm.runtime.null.active", false)]
    [InlineData("cluster.outbound|80||a.svc.cluster.local;.upstream_rq_total", true)]
    [InlineData("listener.0.0.0.0_15006.downstream_cx_total", true)]
    [InlineData("http.inbound_0.0.0.0_8080;.downstream_rq_total", true)]
    [InlineData("vhost.a.upstream_rq_total", true)]
    public void InclusionListDecidesWhichStatsExist(string name, bool rejected)
    {
        Assert.Equal(rejected, Istio.Matcher.Rejects(name));
    }

    [Fact]
    public void HistogramBucketSettingsFromStatsInclusionGolden()
    {
        var store = StatsTestConfig.IstioStore("stats_inclusion_golden.json");

        var istio = store.HistogramWithTags(
            "istiocustom.istio_request_duration_milliseconds",
            [new("reporter", "source")],
            Proxy.Filters.Stats.HistogramUnit.Milliseconds);
        var other = store.Histogram("cluster_manager.some_latency", Proxy.Filters.Stats.HistogramUnit.Milliseconds);

        Assert.Equal([1d, 5, 10, 50, 100, 500, 1000, 5000, 10000], istio.Bounds);
        Assert.Equal(Proxy.Filters.Stats.Histogram.DefaultBuckets, other.Bounds);
    }
}
