namespace Proxy.Stats;

/// <summary>
/// What a histogram recorded between the last two merges (Envoy's interval histogram, refreshed every
/// <c>stats_flush_interval</c>): the log-linear bins, the per-bound cumulative bucket counts, count and sum.
/// </summary>
public sealed record HistogramInterval((int Bin, ulong Count)[] Bins, ulong[] CumulativeBucketCounts, ulong Count, double Sum)
{
    /// <summary>Before the first merge: nothing recorded in the interval.</summary>
    public static HistogramInterval Empty(int boundCount) => new([], new ulong[boundCount], 0, 0);
}
