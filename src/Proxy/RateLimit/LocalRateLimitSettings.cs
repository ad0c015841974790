using Envoy.Config.Core.V3;

namespace Proxy.RateLimit;

/// <summary>
/// One envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit (the filter's, or a route's), with its
/// buckets: they live as long as this config, so a new route configuration starts them full, as in Envoy.
/// </summary>
internal sealed class LocalRateLimitSettings
{
    public required LocalRateLimitStats Stats { get; init; }

    /// <summary>filter_enabled's default_value as a fraction of 1 (unset: 0, the filter does nothing).</summary>
    public double EnabledFraction { get; init; }

    /// <summary>filter_enforced's default_value as a fraction of 1 (unset: 0, limited requests are only counted).</summary>
    public double EnforcedFraction { get; init; }

    /// <summary><c>status</c>; 429 when unset.</summary>
    public int Status { get; init; } = 429;

    /// <summary>The default bucket; null without token_bucket (only descriptors limit).</summary>
    public TokenBucket? DefaultBucket { get; init; }

    public LocalDescriptor[] Descriptors { get; init; } = [];

    /// <summary>Rules producing request descriptors: the config's rate_limits when present, else the route's with the same stage.</summary>
    public RateLimitRule[]? Rules { get; init; }

    public uint Stage { get; init; }

    public bool AlwaysConsumeDefaultBucket { get; init; } = true;

    public bool XRateLimitHeaders { get; init; }

    public IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd { get; init; } = [];

    public IReadOnlyList<HeaderValueOption> RequestHeadersToAddWhenNotEnforced { get; init; } = [];

    /// <summary>
    /// Envoy's LocalRateLimiterImpl::requestAllowed: every matching descriptor's bucket must yield a token; the
    /// default bucket is used when none matched, or always when always_consume_default_token_bucket.
    /// </summary>
    /// <param name="bucket">The bucket whose state the x-ratelimit headers report.</param>
    public bool Allow(List<List<DescriptorEntry>>? requestDescriptors, out TokenBucket? bucket)
    {
        bucket = null;
        var matched = false;
        if (requestDescriptors is not null)
        {
            foreach (var request in requestDescriptors)
            {
                foreach (var descriptor in Descriptors)
                {
                    if (!descriptor.Matches(request))
                    {
                        continue;
                    }

                    matched = true;
                    bucket ??= descriptor.Bucket;
                    if (!descriptor.Bucket.TryConsume())
                    {
                        bucket = descriptor.Bucket;
                        return false;
                    }

                    break;
                }
            }
        }

        if ((!matched || AlwaysConsumeDefaultBucket) && DefaultBucket is { } fallback)
        {
            bucket ??= fallback;
            return fallback.TryConsume();
        }

        return true;
    }
}
