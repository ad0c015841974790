using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class StatsStoreTests
{
    [Fact]
    public void SameNameReturnsSameObject()
    {
        var store = new StatsStore();

        Assert.Same(store.Counter("a.b"), store.Counter("a.b"));
        Assert.Same(store.Gauge("a.g"), store.Gauge("a.g"));
        Assert.Same(store.Histogram("a.h", HistogramUnit.Milliseconds), store.Histogram("a.h", HistogramUnit.Milliseconds));
        Assert.Same(store.TextReadout("a.t"), store.TextReadout("a.t"));
        Assert.NotSame(store.Counter("a.b"), store.Counter("a.c"));
    }

    [Fact]
    public void ScopesPrefixNamesAndNest()
    {
        var store = new StatsStore();
        var cluster = store.CreateScope("cluster.outbound|80||a.svc");
        var nested = cluster.CreateScope("ssl");

        Assert.Equal("cluster.outbound|80||a.svc.", cluster.Prefix);
        Assert.Same(store.Counter("cluster.outbound|80||a.svc.upstream_rq_total"), cluster.Counter("upstream_rq_total"));
        Assert.Equal("cluster.outbound|80||a.svc.ssl.handshake", nested.Counter("handshake").Name);
    }

    [Fact]
    public void ScopeNamesAreSanitizedAsEnvoy()
    {
        var store = new StatsStore();

        Assert.Equal("http.inbound_0.0.0.0_8080.", store.CreateScope("http.inbound_0.0.0.0_8080.").Prefix);
        Assert.Equal("a_b_c_d.", store.CreateScope(".a://b:/c:d").Prefix);
        Assert.Equal(string.Empty, store.CreateScope(string.Empty).Prefix);
        Assert.Same(store.Counter("x"), store.CreateScope(string.Empty).Counter("x"));
    }

    [Fact]
    public void RegistrationIsConcurrentAndUnique()
    {
        var store = new StatsStore();
        var counters = new Counter[64];

        Parallel.For(0, counters.Length, i => counters[i] = store.CreateScope("cluster.c" + (i % 4)).Counter("upstream_rq_total"));

        for (var i = 0; i < counters.Length; i++)
        {
            Assert.Same(counters[i % 4], counters[i]);
        }

        Assert.Equal(4, store.Counters().Count);
    }

    [Fact]
    public void ValuesAreFoundByName()
    {
        var store = new StatsStore();
        store.Gauge("server.state").Set(0);
        store.CreateScope("listener_manager").Gauge("workers_started").Set(1);
        store.CreateScope("cluster_manager.cds").Counter("update_success").Add(2);

        Assert.True(store.TryGetGauge("server.state", out var state));
        Assert.Equal(0, state.Value);
        Assert.True(store.TryGetGauge("listener_manager.workers_started", out var workers));
        Assert.Equal(1, workers.Value);
        Assert.True(store.TryGetCounter("cluster_manager.cds.update_success", out var success));
        Assert.Equal(2UL, success.Value);
        Assert.False(store.TryGetCounter("cluster_manager.lds.update_success", out _));
    }

    [Fact]
    public void ARejectedCounterIsTheNullCounterAndARejectedGaugeWorksUnregistered()
    {
        var store = StatsTestConfig.Store("""{"stats_matcher": {"reject_all": true}}""");

        var counter = store.Counter("cluster.a.upstream_rq_total");
        counter.Add(5);
        counter.Inc();
        var gauge = store.Gauge("cluster.a.upstream_rq_active", GaugeImportMode.Accumulate);
        gauge.Add(3);

        Assert.Same(Counter.Null, counter);
        Assert.Same(counter, store.Counter("cluster.b.upstream_rq_total"));
        Assert.Equal(0UL, counter.Value);
        Assert.False(counter.Used);
        Assert.False(store.TryGetCounter("cluster.a.upstream_rq_total", out _));
        Assert.Empty(store.Counters());
        Assert.Equal(3, gauge.Value);
        Assert.NotSame(gauge, store.Gauge("cluster.b.upstream_rq_active", GaugeImportMode.Accumulate));
        Assert.Empty(store.Gauges());
    }

    [Fact]
    public void ExplicitTagsSkipExtraction()
    {
        var store = new StatsStore();

        var counter = store.CounterWithTags("cluster.x.upstream_rq_200", [new("reporter", "source"), new("code", "200")]);

        var registered = Assert.Single(store.Counters());
        Assert.Same(counter, registered.Stat);
        Assert.Equal("cluster.x.upstream_rq_200.reporter.source.code.200", registered.Name);
        Assert.Equal("cluster.x.upstream_rq_200", registered.TagExtractedName);
        Assert.Equal([new("reporter", "source"), new("code", "200")], registered.Tags);
    }

    [Fact]
    public void ScopedStatsWithExplicitTags()
    {
        var store = new StatsStore();
        var scope = store.CreateScope("istiocustom");

        scope.CounterWithTags("istio_requests_total", [new("reporter", "source")]).Inc();
        scope.GaugeWithTags("istio_build", [new("component", "proxy")]).Set(1);
        scope.HistogramWithTags("istio_request_bytes", [new("reporter", "source")], HistogramUnit.Bytes).Record(10);

        var counter = Assert.Single(store.Counters());
        Assert.Equal("istiocustom.istio_requests_total.reporter.source", counter.Name);
        Assert.Equal("istiocustom.istio_requests_total", counter.TagExtractedName);
        Assert.Equal("istiocustom.istio_build", Assert.Single(store.Gauges()).TagExtractedName);
        Assert.Equal([new("reporter", "source")], Assert.Single(store.Histograms()).Tags);
    }

    [Fact]
    public void FixedTagsApplyToEveryStatIncludingExplicitlyTagged()
    {
        var store = StatsTestConfig.Store("""{"use_all_default_tags": false, "stats_tags": [{"tag_name": "mesh", "fixed_value": "m1"}]}""");

        store.Counter("server.x");
        store.CounterWithTags("istio.y", [new("a", "b")]);

        var byName = store.Counters().ToDictionary(c => c.TagExtractedName);
        Assert.Equal([new("mesh", "m1")], byName["server.x"].Tags);
        Assert.Equal([new("a", "b"), new("mesh", "m1")], byName["istio.y"].Tags);
    }

    [Fact]
    public void CommandLineTagsComeBeforeConfiguredTags()
    {
        var options = StatsConfigTranslator.Translate(
            StatsTestConfig.Parse("""{"use_all_default_tags": false, "stats_tags": [{"tag_name": "b", "fixed_value": "2"}]}"""),
            [new("a", "1")]);
        var store = new StatsStore(options);

        store.Counter("server.x");

        Assert.Equal([new("a", "1"), new("b", "2")], Assert.Single(store.Counters()).Tags);
    }

    [Fact]
    public void HistogramIntervalIsWhatWasRecordedBetweenMerges()
    {
        var store = new StatsStore();
        var histogram = store.Histogram("h", HistogramUnit.Unspecified);
        var registered = Assert.Single(store.Histograms());

        Assert.Equal(0UL, registered.Interval.Count);
        histogram.Record(200);
        store.MergeHistograms();
        histogram.Record(100);
        store.MergeHistograms();

        Assert.Equal(1UL, registered.Interval.Count);
        Assert.Equal(100, registered.Interval.Sum);
        Assert.Equal([(Histogram.LogLinearBinOf(100), 1UL)], registered.Interval.Bins);
    }
}
