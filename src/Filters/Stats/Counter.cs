namespace Proxy.Filters.Stats;

/// <summary>
/// A monotonically increasing stat, as Envoy's counters (e.g. <c>cluster.x.upstream_rq_total</c>).
/// Increments are lock-free; the store reads <see cref="Value"/> and, for /stats deltas, <see cref="Latch"/>.
/// </summary>
public sealed class Counter
{
    private readonly bool _discards;
    private long _value;
    private long _latched;

    public Counter(string name) => Name = name;

    private Counter(string name, bool discards)
    {
        Name = name;
        _discards = discards;
    }

    /// <summary>
    /// The counter every name rejected by the stats matcher gets (Envoy's null counter): increments are dropped
    /// and it always reads 0. One instance serves them all, so a mesh's thousands of rejected per-cluster
    /// counters cost nothing, and the cores never contend on it (it is only read).
    /// </summary>
    public static Counter Null { get; } = new(string.Empty, discards: true);

    /// <summary>The full Envoy stat name, tags still embedded (e.g. <c>cluster.outbound|80||a.svc.upstream_rq_total</c>).</summary>
    public string Name { get; }

    /// <summary>True once the counter was incremented at least once (Envoy's "used" flag, for ?usedonly).</summary>
    public bool Used => Volatile.Read(ref _value) != 0;

    public ulong Value => (ulong)Volatile.Read(ref _value);

    public void Inc()
    {
        if (!_discards)
        {
            Interlocked.Increment(ref _value);
        }
    }

    public void Add(ulong amount)
    {
        if (!_discards)
        {
            Interlocked.Add(ref _value, (long)amount);
        }
    }

    /// <summary>Returns the increase since the previous call (used by flushes to sinks).</summary>
    public ulong Latch()
    {
        var now = Volatile.Read(ref _value);
        var before = Interlocked.Exchange(ref _latched, now);
        return (ulong)(now - before);
    }
}
