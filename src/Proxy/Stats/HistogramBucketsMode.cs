namespace Proxy.Stats;

/// <summary>
/// The <c>histogram_buckets=</c> parameter: how histograms are shown. Unset means quantiles in
/// /stats and classic buckets in Prometheus; <c>summary</c> (or <c>none</c>) means quantiles in both.
/// </summary>
public enum HistogramBucketsMode
{
    Unset,
    Summary,
    Cumulative,
    Disjoint,
    Detailed,
}
