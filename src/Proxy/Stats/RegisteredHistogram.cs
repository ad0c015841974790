using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// A registered histogram plus its interval state. Cumulative statistics are read live from the
/// <see cref="Histogram"/>; interval statistics are those of the last completed merge period (Envoy's
/// <c>ParentHistogram</c> with its interval and cumulative views). <see cref="Merge"/> runs on the flush
/// timer; recording never takes the lock.
/// </summary>
public sealed class RegisteredHistogram
{
    private readonly Lock _mergeLock = new();
    private readonly StatNaming _naming;
    private (int Bin, ulong Count)[] _previousBins = [];
    private ulong[] _previousBuckets;
    private ulong _previousCount;
    private double _previousSum;
    private HistogramInterval _interval;

    internal RegisteredHistogram(Histogram stat, string name, StatNaming naming)
    {
        Stat = stat;
        Name = name;
        _naming = naming;
        _previousBuckets = new ulong[stat.Bounds.Count];
        _interval = HistogramInterval.Empty(stat.Bounds.Count);
    }

    public Histogram Stat { get; }

    public string Name { get; }

    /// <summary>The Prometheus metric family, from tag extraction (worked out on first use).</summary>
    public string TagExtractedName => _naming.TagExtractedName;

    /// <summary>The tags, in extraction order (worked out on first use).</summary>
    public IReadOnlyList<StatTag> Tags => _naming.Tags;

    /// <summary>The interval view published by the last <see cref="Merge"/>.</summary>
    public HistogramInterval Interval => Volatile.Read(ref _interval);

    /// <summary>The current log-linear bins (cumulative view), ascending.</summary>
    public (int Bin, ulong Count)[] CumulativeBins()
    {
        var bins = new List<(int Bin, ulong Count)>();
        Stat.CopyLogLinearBins(bins);
        return [.. bins];
    }

    /// <summary>Closes the current interval: what was recorded since the previous merge becomes <see cref="Interval"/>.</summary>
    public void Merge()
    {
        lock (_mergeLock)
        {
            var bins = CumulativeBins();
            var buckets = Stat.CumulativeCounts();
            var count = Stat.Count;
            var sum = Stat.Sum;

            var intervalBuckets = new ulong[buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                intervalBuckets[i] = buckets[i] - _previousBuckets[i];
            }

            Volatile.Write(
                ref _interval,
                new HistogramInterval(Subtract(bins, _previousBins), intervalBuckets, count - _previousCount, sum - _previousSum));
            _previousBins = bins;
            _previousBuckets = buckets;
            _previousCount = count;
            _previousSum = sum;
        }
    }

    // current - previous, both ascending by bin; counts only grow, so every previous bin is in current.
    private static (int Bin, ulong Count)[] Subtract((int Bin, ulong Count)[] current, (int Bin, ulong Count)[] previous)
    {
        var result = new List<(int Bin, ulong Count)>(current.Length);
        var p = 0;
        foreach (var (bin, count) in current)
        {
            while (p < previous.Length && previous[p].Bin < bin)
            {
                p++;
            }

            var before = p < previous.Length && previous[p].Bin == bin ? previous[p].Count : 0;
            if (count > before)
            {
                result.Add((bin, count - before));
            }
        }

        return [.. result];
    }
}
