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
}
