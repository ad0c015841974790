namespace Proxy.Filters.Stats;

/// <summary>A value that goes up and down (e.g. <c>cluster.x.upstream_cx_active</c>, <c>server.state</c>).</summary>
public sealed class Gauge
{
    private long _value;
    private int _used;

    public Gauge(string name, GaugeImportMode importMode = GaugeImportMode.Accumulate)
    {
        Name = name;
        ImportMode = importMode;
    }

    public string Name { get; }

    public GaugeImportMode ImportMode { get; }

    public bool Used => Volatile.Read(ref _used) != 0;

    public long Value => Volatile.Read(ref _value);

    public void Inc() => Add(1);

    public void Dec() => Add(-1);

    public void Add(long amount)
    {
        Interlocked.Add(ref _value, amount);
        _used = 1;
    }

    public void Sub(long amount) => Add(-amount);

    public void Set(long value)
    {
        Volatile.Write(ref _value, value);
        _used = 1;
    }
}
