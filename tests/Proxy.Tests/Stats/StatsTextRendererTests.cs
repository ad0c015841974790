using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>/stats text output, against the outputs in Envoy's admin tests.</summary>
public sealed class StatsTextRendererTests
{
    private static string Render(StatsStore store, string target = "/stats")
    {
        var writer = new StringWriter();
        var (status, _) = StatsEndpoints.Handle(store, target, writer);
        Assert.Equal(200, status);
        return writer.ToString();
    }

    [Fact]
    public void TextReadoutsThenCountersAndGaugesThenHistograms()
    {
        var store = new StatsStore();
        store.Counter("c1").Add(10);
        store.Counter("c2").Add(20);
        store.TextReadout("t").Set("hello world");
        store.Histogram("h1", HistogramUnit.Unspecified).Record(200);
        store.Histogram("h2", HistogramUnit.Unspecified).Record(100);
        store.MergeHistograms();

        Assert.Equal(
            "t: \"hello world\"\n" +
            "c1: 10\n" +
            "c2: 20\n" +
            "h1: P0(200,200) P25(202.5,202.5) P50(205,205) P75(207.5,207.5) P90(209,209) P95(209.5,209.5) " +
            "P99(209.9,209.9) P99.5(209.95,209.95) P99.9(209.99,209.99) P100(210,210)\n" +
            "h2: P0(100,100) P25(102.5,102.5) P50(105,105) P75(107.5,107.5) P90(109,109) P95(109.5,109.5) " +
            "P99(109.9,109.9) P99.5(109.95,109.95) P99.9(109.99,109.99) P100(110,110)\n",
            Render(store));
    }

    [Fact]
    public void IntervalIsNanUntilAMergeSawValues()
    {
        var store = new StatsStore();
        store.Histogram("h", HistogramUnit.Unspecified).Record(1);

        Assert.StartsWith("h: P0(nan,1) P25(nan,1.025)", Render(store));
    }

    [Fact]
    public void UnusedHistogramHasNoRecordedValues()
    {
        var store = new StatsStore();
        store.Histogram("h2", HistogramUnit.Unspecified);

        Assert.Equal("h2: No recorded values\n", Render(store));
        Assert.Equal(string.Empty, Render(store, "/stats?usedonly"));
    }

    [Fact]
    public void CountersAndGaugesAreInterleavedInNameOrder()
    {
        var store = new StatsStore();
        store.Gauge("s4");
        store.Counter("s3");
        store.Counter("s1");
        store.Gauge("s2").Set(-1);

        Assert.Equal("s1: 0\ns2: 18446744073709551615\ns3: 0\ns4: 0\n", Render(store));
    }

    [Fact]
    public void ScopesSortByFullName()
    {
        var store = new StatsStore();
        store.Counter("a");
        store.Counter("z");
        var scope = store.CreateScope("scope");
        scope.Counter("r");
        scope.Counter("s");
        scope.Counter("t");
        scope.CreateScope("subscope").Counter("x");

        Assert.Equal("a: 0\nscope.r: 0\nscope.s: 0\nscope.subscope.x: 0\nscope.t: 0\nz: 0\n", Render(store));
    }

    [Fact]
    public void PilotAgentReadinessQuery()
    {
        // pilot-agent: GET /stats?usedonly&filter=^(server\.state|listener_manager\.workers_started)
        var store = new StatsStore();
        store.Gauge("server.state").Set(0);
        store.Gauge("listener_manager.workers_started").Set(1);
        store.Gauge("server.live").Set(1);
        store.Counter("cluster_manager.cds.update_success").Inc();

        Assert.Equal(
            "listener_manager.workers_started: 1\nserver.state: 0\n",
            Render(store, "/stats?usedonly&filter=^(server\\.state|listener_manager\\.workers_started)"));
    }

    [Fact]
    public void CustomNamespaceStaysInTextNames()
    {
        // Only Prometheus strips custom namespaces; /stats shows the full name with its tags.
        var store = new StatsStore();
        store.RegisterCustomNamespace("istiocustom");
        store.CounterWithTags("istiocustom.istio_requests_total", [new("reporter", "source")]).Inc();

        Assert.Equal("istiocustom.istio_requests_total.reporter.source: 1\n", Render(store));
    }

    [Fact]
    public void UnsetTextReadoutIsUnused()
    {
        var store = new StatsStore();
        store.TextReadout("a");
        store.TextReadout("b").Set(string.Empty);

        Assert.Equal("b: \"\"\n", Render(store, "/stats?usedonly"));
    }

    [Fact]
    public void TypeSelectsOneKind()
    {
        var store = new StatsStore();
        store.Counter("c").Inc();
        store.Gauge("g").Set(2);
        store.TextReadout("t").Set("v");

        Assert.Equal("c: 1\n", Render(store, "/stats?type=Counters"));
        Assert.Equal("g: 2\n", Render(store, "/stats?type=Gauges"));
        Assert.Equal("t: \"v\"\n", Render(store, "/stats?type=TextReadouts"));
    }

    [Fact]
    public void CumulativeBuckets()
    {
        var store = new StatsStore();
        store.Histogram("h1", HistogramUnit.Unspecified).Record(300);
        store.MergeHistograms();

        Assert.Equal(
            "h1: B0.5(0,0) B1(0,0) B5(0,0) B10(0,0) B25(0,0) B50(0,0) B100(0,0) B250(0,0) " +
            "B500(1,1) B1000(1,1) B2500(1,1) B5000(1,1) B10000(1,1) B30000(1,1) B60000(1,1) " +
            "B300000(1,1) B600000(1,1) B1.8e+06(1,1) B3.6e+06(1,1)\n",
            Render(store, "/stats?histogram_buckets=cumulative"));
    }

    [Fact]
    public void DisjointBuckets()
    {
        var store = new StatsStore();
        var h1 = store.Histogram("h1", HistogramUnit.Unspecified);
        store.Histogram("h2", HistogramUnit.Unspecified);
        h1.Record(200);
        h1.Record(300);
        store.MergeHistograms();
        h1.Record(300);
        store.MergeHistograms();

        Assert.Equal(
            "h1: B0.5(0,0) B1(0,0) B5(0,0) B10(0,0) B25(0,0) B50(0,0) B100(0,0) B250(0,1) " +
            "B500(1,2) B1000(0,0) B2500(0,0) B5000(0,0) B10000(0,0) B30000(0,0) B60000(0,0) " +
            "B300000(0,0) B600000(0,0) B1.8e+06(0,0) B3.6e+06(0,0)\nh2: No recorded values\n",
            Render(store, "/stats?histogram_buckets=disjoint"));
    }

    [Fact]
    public void DetailedShowsTheLogLinearBins()
    {
        var store = new StatsStore();
        var h = store.Histogram("h", HistogramUnit.Unspecified);
        h.Record(200);
        store.MergeHistograms();
        h.Record(0.5);

        Assert.Equal(
            "h:\n  totals=0.5,0.01:1, 200,10:1\n  intervals=200,10:1\n  summary=P0(200,0.5) P25(202.5,0.505) " +
            "P50(205,0.51) P75(207.5,205) P90(209,208) P95(209.5,209) P99(209.9,209.8) P99.5(209.95,209.9) " +
            "P99.9(209.99,209.98) P100(210,210)\n",
            Render(store, "/stats?histogram_buckets=detailed"));
    }
}
