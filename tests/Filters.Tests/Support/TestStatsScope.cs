using Proxy.Filters.Stats;

namespace Proxy.Filters.Tests.Support;

/// <summary>A root stats scope that keeps what was asked for, so tests can read counters by name.</summary>
public sealed class TestStatsScope : IStatsScope
{
    private readonly Dictionary<string, Counter> _counters = [];
    private readonly Dictionary<string, Gauge> _gauges = [];

    public string Prefix => string.Empty;

    public Counter Counter(string name)
    {
        lock (_counters)
        {
            return _counters.TryGetValue(name, out var c) ? c : _counters[name] = new Counter(name);
        }
    }

    public Gauge Gauge(string name, GaugeImportMode importMode = GaugeImportMode.Accumulate)
    {
        lock (_gauges)
        {
            return _gauges.TryGetValue(name, out var g) ? g : _gauges[name] = new Gauge(name, importMode);
        }
    }

    public Histogram Histogram(string name, HistogramUnit unit) => throw new NotSupportedException();

    public IStatsScope CreateScope(string name) => throw new NotSupportedException();
}
