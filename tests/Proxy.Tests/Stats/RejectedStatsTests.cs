using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>Stats the matcher rejects are never exported; rejected histograms share one sink instead of each keeping bucket arrays.</summary>
public sealed class RejectedStatsTests
{
    private static StatsStore Store() => new(StatsConfigTranslator.Translate(StatsTestConfig.Parse("""
        {"stats_matcher": {"inclusion_list": {"patterns": [{"prefix": "cluster_manager."}]}}}
        """)));

    [Fact]
    public void RejectedHistogramsOfOneUnitShareASink()
    {
        var store = Store();

        var a = store.Histogram("cluster.a.upstream_rq_time", HistogramUnit.Milliseconds);
        var b = store.Histogram("cluster.b.upstream_rq_time", HistogramUnit.Milliseconds);
        var kept = store.Histogram("cluster_manager.x_ms", HistogramUnit.Milliseconds);
        var other = store.Histogram("cluster.a.bytes", HistogramUnit.Bytes);

        Assert.Same(a, b);
        Assert.NotSame(a, kept);
        Assert.NotSame(a, other);
        Assert.Equal(StatsStore.RejectedName, a.Name);
    }

    [Theory]
    [InlineData("cluster.a")]
    [InlineData("cluster.a-very-long-service-name-repeated-to-pass-the-stack-buffer-of-the-store-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789")]
    public void AScopedStatIsMatchedAndFoundByItsFullNameWhateverItsLength(string scopeName)
    {
        var store = new StatsStore(StatsConfigTranslator.Translate(StatsTestConfig.Parse("""
            {"stats_matcher": {"inclusion_list": {"patterns": [{"suffix": "rbac.allowed"}, {"safe_regex": {"regex": "cluster\\..*\\.vhost\\..*"}}]}}}
            """)));
        var scope = store.CreateScope(scopeName);

        var kept = scope.Counter("rbac.allowed");
        var rejected = scope.Counter("upstream_rq_total");
        var gauge = scope.Gauge("vhost.x", GaugeImportMode.Accumulate);
        var rejectedGauge = scope.Gauge("upstream_rq_active", GaugeImportMode.Accumulate);
        var histogram = scope.Histogram("vhost.time", HistogramUnit.Milliseconds);

        Assert.Same(kept, scope.Counter("rbac.allowed"));
        Assert.True(store.TryGetCounter(scopeName + ".rbac.allowed", out var found));
        Assert.Same(kept, found);
        Assert.Same(Counter.Null, rejected);
        Assert.True(store.TryGetGauge(scopeName + ".vhost.x", out var foundGauge));
        Assert.Same(gauge, foundGauge);
        Assert.Equal(StatsStore.RejectedName, rejectedGauge.Name);
        Assert.True(store.TryGetHistogram(scopeName + ".vhost.time", out var foundHistogram));
        Assert.Same(histogram, foundHistogram);
        Assert.Equal(2, store.Counters().Count + store.Gauges().Count);
    }
}
