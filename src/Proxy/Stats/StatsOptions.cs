namespace Proxy.Stats;

/// <summary>
/// The validated <c>envoy.config.metrics.v3.StatsConfig</c> of the bootstrap (see
/// <see cref="StatsConfigTranslator"/>): how names become tags, which stats exist, and histogram buckets.
/// </summary>
public sealed record StatsOptions(TagProducer TagProducer, StatsMatcher Matcher, HistogramBucketSettings HistogramBuckets)
{
    /// <summary>No stats_config: all default tags, every stat, default buckets.</summary>
    public static StatsOptions Default { get; } = new(TagProducer.Default, StatsMatcher.AcceptAll, HistogramBucketSettings.None);
}
