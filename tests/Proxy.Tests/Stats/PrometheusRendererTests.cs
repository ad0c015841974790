using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class PrometheusRendererTests
{
    internal static string Render(StatsStore store, string query = "/stats/prometheus")
    {
        var writer = new StringWriter();
        var (status, contentType) = StatsEndpoints.Handle(store, query, writer);
        Assert.Equal(200, status);
        Assert.Equal(StatsEndpoints.TextContentType, contentType);
        return writer.ToString();
    }

    [Fact]
    public void CountersAreGroupedIntoFamiliesWithTagsAsLabels()
    {
        var store = new StatsStore();
        store.Counter("cluster.foo.upstream_rq_200").Add(3);
        store.Counter("cluster.bar.upstream_rq_200").Inc();
        store.Counter("cluster.foo.upstream_rq_503").Inc();

        var text = Render(store);

        Assert.Equal(
            "# TYPE envoy_cluster_upstream_rq counter\n" +
            "envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"bar\"} 1\n" +
            "envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"foo\"} 3\n" +
            "envoy_cluster_upstream_rq{envoy_response_code=\"503\",envoy_cluster_name=\"foo\"} 1\n",
            text);
    }

    [Fact]
    public void CountersThenGaugesThenHistogramsEachSortedByFamily()
    {
        var store = new StatsStore();
        store.Gauge("server.state").Set(0);
        store.Gauge("listener_manager.workers_started").Set(1);
        store.Counter("server.envoy_bug_failures");
        store.Counter("cluster_manager.cds.update_success").Inc();
        store.Histogram("server.initialization_time_ms", HistogramUnit.Milliseconds).Record(12);

        var parsed = PrometheusText.Parse(Render(store));

        Assert.Equal(
            [
                "envoy_cluster_manager_cds_update_success",
                "envoy_server_envoy_bug_failures",
                "envoy_listener_manager_workers_started",
                "envoy_server_state",
                "envoy_server_initialization_time_ms",
            ],
            parsed.FamilyOrder);
        Assert.Equal("counter", parsed.Types["envoy_server_envoy_bug_failures"]);
        Assert.Equal("gauge", parsed.Types["envoy_server_state"]);
        Assert.Equal("histogram", parsed.Types["envoy_server_initialization_time_ms"]);
    }

    [Fact]
    public void StatWithoutTagsKeepsEmptyBraces()
    {
        var store = new StatsStore();
        store.Gauge("server.state").Set(2);

        Assert.Equal("# TYPE envoy_server_state gauge\nenvoy_server_state{} 2\n", Render(store));
    }

    [Fact]
    public void FamiliesSortTokenWiseNotByCharacter()
    {
        // Envoy's symbol table compares "a" < "a-b" token by token; character order would put "a-b.x" first.
        var store = new StatsStore(StatsConfigTranslator.Translate(StatsTestConfig.Parse("""{"use_all_default_tags": false}""")));
        store.Counter("a-b.x").Inc();
        store.Counter("a.x").Inc();

        var parsed = PrometheusText.Parse(Render(store));

        Assert.Equal(["envoy_a_x", "envoy_a_b_x"], parsed.FamilyOrder);
    }

    [Fact]
    public void HistogramBucketsSumAndCount()
    {
        var store = new StatsStore();
        var histogram = store.Histogram("cluster.foo.upstream_rq_time", HistogramUnit.Milliseconds);
        histogram.Record(0.5);
        histogram.Record(7);
        histogram.Record(4000000);

        var text = Render(store);

        Assert.StartsWith("# TYPE envoy_cluster_upstream_rq_time histogram\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"foo\",le=\"0.5\"} 1\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"foo\",le=\"5\"} 1\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"foo\",le=\"10\"} 2\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"foo\",le=\"3600000\"} 2\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"foo\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("envoy_cluster_upstream_rq_time_sum{envoy_cluster_name=\"foo\"} 4000007.5\n", text);
        Assert.EndsWith("envoy_cluster_upstream_rq_time_count{envoy_cluster_name=\"foo\"} 3\n", text);
    }

    [Fact]
    public void HistogramWithoutTagsHasOnlyTheLeLabel()
    {
        var store = new StatsStore();
        store.Histogram("server.initialization_time_ms", HistogramUnit.Milliseconds).Record(3);

        var text = Render(store);

        Assert.Contains("envoy_server_initialization_time_ms_bucket{le=\"1\"} 0\n", text);
        Assert.Contains("envoy_server_initialization_time_ms_sum{} 3\n", text);
    }

    [Fact]
    public void SummaryModeReportsIntervalQuantiles()
    {
        var store = new StatsStore();
        var histogram = store.Histogram("h", HistogramUnit.Unspecified);
        histogram.Record(200);
        store.MergeHistograms();

        var text = Render(store, "/stats/prometheus?histogram_buckets=summary");

        Assert.Contains("# TYPE envoy_h summary\n", text);
        Assert.Contains("envoy_h{quantile=\"0\"} 200\n", text);
        Assert.Contains("envoy_h{quantile=\"0.25\"} 202.5\n", text);
        Assert.Contains("envoy_h{quantile=\"0.995\"} 209.94999999999998", text); // {:.32g}, as Envoy
        Assert.Contains("envoy_h{quantile=\"1\"} 210\n", text);
        Assert.Contains("envoy_h_sum{} 200\n", text);
        Assert.Contains("envoy_h_count{} 1\n", text);
    }

    [Fact]
    public void DisjointBucketsAreRefused()
    {
        var writer = new StringWriter();
        var (status, _) = StatsEndpoints.Handle(new StatsStore(), "/stats/prometheus?histogram_buckets=disjoint", writer);

        Assert.Equal(400, status);
        Assert.Equal("unsupported prometheus histogram bucket mode", writer.ToString());
    }

    [Fact]
    public void LabelValuesAreEscapedAndNamesSanitized()
    {
        var store = new StatsStore();
        store.CounterWithTags("custom.requests", [new("a.tag-name", "a\"b\\c\nd")]).Inc();

        var text = Render(store);

        Assert.Contains("envoy_custom_requests{a_tag_name=\"a\\\"b\\\\c\\nd\"} 1\n", text);
    }

    [Fact]
    public void CustomNamespaceIsStrippedWithoutEnvoyPrefix()
    {
        var store = new StatsStore();
        store.RegisterCustomNamespace("istiocustom");
        store.CounterWithTags("istiocustom.istio_requests_total", [new("reporter", "source")]).Inc();
        store.Counter("istiocustom.1bad").Inc();
        store.Counter("istio.not_custom").Inc();

        var parsed = PrometheusText.Parse(Render(store));

        Assert.Equal(["envoy_istio_not_custom", "istio_requests_total"], parsed.FamilyOrder);
        Assert.Equal("source", parsed.Single("istio_requests_total").Label("reporter"));
    }

    [Fact]
    public void UsedOnlyAndFilterApplyToFullNames()
    {
        var store = new StatsStore();
        store.Counter("cluster.a.upstream_cx_total").Inc();
        store.Counter("cluster.b.upstream_cx_total");
        store.Counter("cluster.a.upstream_rq_total").Inc();

        var parsed = PrometheusText.Parse(Render(store, "/stats/prometheus?usedonly&filter=cluster\\.a\\..*cx"));

        var sample = Assert.Single(parsed.Samples);
        Assert.Equal("envoy_cluster_upstream_cx_total", sample.Name);
        Assert.Equal("a", sample.Label("envoy_cluster_name"));
    }

    [Fact]
    public void TextReadoutsOnlyOnRequestAsGauges()
    {
        var store = new StatsStore();
        store.TextReadout("control_plane.identifier").Set("istiod-1");

        Assert.Equal(string.Empty, Render(store));
        Assert.Equal(
            "# TYPE envoy_control_plane_identifier gauge\nenvoy_control_plane_identifier{text_value=\"istiod-1\"} 0\n",
            Render(store, "/stats/prometheus?text_readouts"));
    }

    [Fact]
    public void FormatPrometheusOnStatsIsTheSame()
    {
        var store = new StatsStore();
        store.Counter("cluster.foo.upstream_rq_200").Inc();

        Assert.Equal(Render(store), Render(store, "/stats?format=prometheus"));
    }

    [Fact]
    public void RejectedStatsAreNotExported()
    {
        var store = StatsTestConfig.Store("""{"stats_matcher": {"exclusion_list": {"patterns": [{"prefix": "cluster."}]}}}""");
        store.Counter("cluster.foo.upstream_rq_200").Inc();
        store.Counter("server.envoy_bug_failures").Inc();

        var parsed = PrometheusText.Parse(Render(store));

        Assert.Equal(["envoy_server_envoy_bug_failures"], parsed.FamilyOrder);
    }
}
