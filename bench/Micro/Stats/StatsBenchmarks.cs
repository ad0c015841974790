using BenchmarkDotNet.Attributes;
using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Bench.Micro.Stats;

/// <summary>
/// What a request costs the stats store: the counters and histogram the router and HCM touch per request
/// (held as references since config time), from one thread; and, for comparison, a lookup by name, which
/// must never happen per request.
/// </summary>
[MemoryDiagnoser]
public class StatsBenchmarks
{
    private StatsStore _store = null!;
    private Counter _counter = null!;
    private Gauge _gauge = null!;
    private Histogram _histogram = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new StatsStore();
        var cluster = _store.CreateScope("cluster.outbound|9080||reviews.default.svc.cluster.local");
        _counter = cluster.Counter("upstream_rq_total");
        _gauge = cluster.Gauge("upstream_rq_active");
        _histogram = cluster.Histogram("upstream_rq_time", HistogramUnit.Milliseconds);
    }

    [Benchmark(Baseline = true)]
    public void CounterInc() => _counter.Inc();

    [Benchmark]
    public void GaugeIncDec()
    {
        _gauge.Inc();
        _gauge.Dec();
    }

    [Benchmark]
    public void HistogramRecord() => _histogram.Record(3.7);

    [Benchmark]
    public Counter CounterLookupByName() => _store.Counter("cluster.outbound|9080||reviews.default.svc.cluster.local.upstream_rq_total");
}
