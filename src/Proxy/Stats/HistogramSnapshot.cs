namespace Proxy.Stats;

/// <summary>
/// What the renderers show of one histogram, read once: cumulative (live) and interval (last merge)
/// log-linear bins and quantiles, and the fixed buckets as cumulative counts per bound.
/// </summary>
internal sealed class HistogramSnapshot
{
    private HistogramSnapshot(RegisteredHistogram histogram)
    {
        var stat = histogram.Stat;
        var interval = histogram.Interval;
        Used = stat.Used;
        Bounds = stat.Bounds;
        CumulativeBins = histogram.CumulativeBins();
        IntervalBins = interval.Bins;
        CumulativeQuantiles = HistogramQuantiles.Compute(CumulativeBins);
        IntervalQuantiles = HistogramQuantiles.Compute(IntervalBins);
        CumulativeBuckets = stat.CumulativeCounts();
        IntervalBuckets = interval.CumulativeBucketCounts;

        // Recording bumps the bucket before the count; a value caught in between must not make
        // le="+Inf" smaller than the last bound's bucket (Prometheus requires monotonic buckets).
        Count = CumulativeBuckets.Length == 0 ? stat.Count : Math.Max(stat.Count, CumulativeBuckets[^1]);
        Sum = stat.Sum;
        IntervalCount = interval.Count;
        IntervalSum = interval.Sum;
    }

    public bool Used { get; }

    public IReadOnlyList<double> Bounds { get; }

    public (int Bin, ulong Count)[] CumulativeBins { get; }

    public (int Bin, ulong Count)[] IntervalBins { get; }

    public double[] CumulativeQuantiles { get; }

    public double[] IntervalQuantiles { get; }

    /// <summary>Count of values at or below each bound (Prometheus <c>le</c> semantics).</summary>
    public ulong[] CumulativeBuckets { get; }

    public ulong[] IntervalBuckets { get; }

    public ulong Count { get; }

    public double Sum { get; }

    public ulong IntervalCount { get; }

    public double IntervalSum { get; }

    public static HistogramSnapshot Of(RegisteredHistogram histogram) => new(histogram);

    /// <summary>Per-bucket counts (each bound's own, not cumulative), as Envoy's <c>computeDisjointBuckets</c>.</summary>
    public static ulong[] Disjoint(ulong[] cumulative)
    {
        var result = new ulong[cumulative.Length];
        ulong previous = 0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            result[i] = cumulative[i] - previous;
            previous = cumulative[i];
        }

        return result;
    }
}
