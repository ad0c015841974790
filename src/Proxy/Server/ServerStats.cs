using Proxy.Filters.Stats;

namespace Proxy.Server;

/// <summary>
/// Envoy's server.* statistics besides state and live (kept by <see cref="ServerLifecycle"/>): uptime,
/// concurrency, memory_allocated, memory_heap_size, memory_physical_size and total_connections, refreshed
/// on every stats flush (as Envoy does) and before every admin stats read (so /stats is never a flush
/// behind), and initialization_time_ms, recorded once when the server goes LIVE. Istio's default stats
/// matcher keeps every server.* stat; Kiali's Envoy dashboard plots envoy_server_uptime,
/// envoy_server_memory_allocated and envoy_server_memory_heap_size. Memory figures: <see cref="MemorySnapshot"/>.
/// </summary>
internal sealed class ServerStats
{
    private readonly ServerLifecycle _lifecycle;
    private readonly Func<long> _connections;
    private readonly Gauge _uptime;
    private readonly Gauge _allocated;
    private readonly Gauge _heapSize;
    private readonly Gauge _physicalSize;
    private readonly Gauge _totalConnections;
    private readonly Histogram _initializationTime;

    /// <param name="connections">Downstream connections open on the listeners (not the admin one).</param>
    public ServerStats(IStatsScope root, ServerLifecycle lifecycle, uint concurrency, Func<long> connections)
    {
        _lifecycle = lifecycle;
        _connections = connections;
        _uptime = root.Gauge("server.uptime");
        _allocated = root.Gauge("server.memory_allocated");
        _heapSize = root.Gauge("server.memory_heap_size");
        _physicalSize = root.Gauge("server.memory_physical_size");
        _totalConnections = root.Gauge("server.total_connections");
        _initializationTime = root.Histogram("server.initialization_time_ms", HistogramUnit.Milliseconds);
        root.Gauge("server.concurrency", GaugeImportMode.NeverImport).Set(concurrency);
        Refresh();
    }

    public void Refresh()
    {
        _uptime.Set((long)_lifecycle.Time.GetElapsedTime(_lifecycle.StartTimestamp).TotalSeconds);
        var memory = MemorySnapshot.Take();
        _allocated.Set(memory.Allocated);
        _heapSize.Set(memory.HeapSize);
        _physicalSize.Set(memory.Physical);
        _totalConnections.Set(_connections());
    }

    /// <summary>Records the time from start to LIVE (listeners serving, initial xDS applied).</summary>
    public void Initialized() =>
        _initializationTime.Record(_lifecycle.Time.GetElapsedTime(_lifecycle.StartTimestamp).TotalMilliseconds);
}
