using Proxy.Server;
using Proxy.Stats;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Server;

/// <summary>Envoy's server.* gauges and initialization histogram (ServerStats).</summary>
public sealed class ServerStatsTests
{
    private static long Gauge(StatsStore store, string name) =>
        store.TryGetGauge(name, out var gauge) ? gauge.Value : throw new InvalidOperationException(name + " is not registered");

    [Fact]
    public void RefreshSetsUptimeConnectionsAndMemory()
    {
        var time = new FakeTimeProvider();
        var store = new StatsStore();
        var lifecycle = new ServerLifecycle(store, time);
        long connections = 3;
        var stats = new ServerStats(store, lifecycle, concurrency: 4, () => connections);

        time.Advance(TimeSpan.FromSeconds(65.4));
        connections = 7;
        stats.Refresh();

        Assert.Equal(65, Gauge(store, "server.uptime"));
        Assert.Equal(4, Gauge(store, "server.concurrency"));
        Assert.Equal(7, Gauge(store, "server.total_connections"));
        var allocated = Gauge(store, "server.memory_allocated");
        Assert.True(allocated > 0);
        Assert.True(Gauge(store, "server.memory_heap_size") >= allocated);
        Assert.True(Gauge(store, "server.memory_physical_size") > 0);
    }

    [Fact]
    public void InitializationTimeIsTheTimeFromStartToLive()
    {
        var time = new FakeTimeProvider();
        var store = new StatsStore();
        var lifecycle = new ServerLifecycle(store, time);
        var stats = new ServerStats(store, lifecycle, concurrency: 2, () => 0);

        time.Advance(TimeSpan.FromMilliseconds(250));
        stats.Initialized();

        Assert.True(store.TryGetHistogram("server.initialization_time_ms", out var histogram));
        Assert.Equal(1UL, histogram.Count);
        Assert.Equal(250, histogram.Sum, 3);
    }

    [Fact]
    public void MemorySnapshotKeepsTheHeapAtLeastWhatIsAllocated()
    {
        var memory = MemorySnapshot.Take();

        Assert.True(memory.Allocated > 0);
        Assert.True(memory.HeapSize >= memory.Allocated);
        Assert.Equal(memory.HeapSize - memory.Allocated, memory.HeapFree);
        Assert.True(memory.Physical > 0);
    }
}
