namespace Proxy.Filters.Stats;

/// <summary>
/// A cumulative histogram with fixed bucket upper bounds (Envoy's default buckets unless the
/// bootstrap's stats_config.histogram_bucket_settings says otherwise). Recording is lock-free:
/// one interlocked add on the bucket, the count and the sum.
/// </summary>
public sealed class Histogram
{
    /// <summary>Envoy's default supported buckets (stats_config.histogram_bucket_settings absent).</summary>
    public static readonly double[] DefaultBuckets =
    [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
        1800000, 3600000,
    ];

    private readonly double[] _bounds;
    private readonly long[] _bucketCounts; // not cumulative; index = first bound >= value, last = overflow
    private long _count;
    private long _sumTimes1000; // fixed point: values are recorded with 3 decimals

    public Histogram(string name, HistogramUnit unit, double[]? buckets = null)
    {
        Name = name;
        Unit = unit;
        _bounds = buckets ?? DefaultBuckets;
        _bucketCounts = new long[_bounds.Length + 1];
    }

    public string Name { get; }

    public HistogramUnit Unit { get; }

    public bool Used => Volatile.Read(ref _count) != 0;

    public IReadOnlyList<double> Bounds => _bounds;

    public ulong Count => (ulong)Volatile.Read(ref _count);

    public double Sum => Volatile.Read(ref _sumTimes1000) / 1000.0;

    public void Record(double value)
    {
        var bounds = _bounds;
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _bucketCounts[i]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTimes1000, (long)(value * 1000));
    }

    /// <summary>Cumulative counts per bound (Prometheus <c>_bucket{le=...}</c>), excluding +Inf.</summary>
    public ulong[] CumulativeCounts()
    {
        var result = new ulong[_bounds.Length];
        ulong running = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            running += (ulong)Volatile.Read(ref _bucketCounts[i]);
            result[i] = running;
        }

        return result;
    }
}
