using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// <c>stats_config.histogram_bucket_settings</c>: the first rule whose matcher matches the histogram's
/// full name gives its buckets (sorted ascending); otherwise Envoy's default buckets.
/// </summary>
public sealed class HistogramBucketSettings
{
    private readonly (StringMatch Match, double[] Buckets)[] _rules;

    public HistogramBucketSettings(IReadOnlyList<(StringMatch Match, double[] Buckets)> rules)
    {
        _rules = [.. rules];
    }

    public static HistogramBucketSettings None { get; } = new([]);

    public double[] BucketsFor(string name) => BucketsFor(name.AsSpan());

    public double[] BucketsFor(ReadOnlySpan<char> name)
    {
        foreach (var (match, buckets) in _rules)
        {
            if (match.Matches(name))
            {
                return buckets;
            }
        }

        return Histogram.DefaultBuckets;
    }
}
