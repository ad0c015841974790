using Envoy.Type.V3;
using Google.Protobuf;
using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;
using LocalRateLimitProto = Envoy.Extensions.Filters.Http.LocalRatelimit.V3.LocalRateLimit;

namespace Proxy.RateLimit;

/// <summary>
/// LocalRateLimit into <see cref="LocalRateLimitSettings"/>. Runtime keys are not read: filter_enabled and
/// filter_enforced use their default_value. <c>rate_limits</c> (field 17) is newer than the pinned API and is
/// read from the wire bytes. Per-connection buckets, cluster-wide sharing and dynamic descriptors are refused
/// or ignored as named below.
/// </summary>
internal static class LocalRateLimitTranslator
{
    private const int RateLimitsField = 17;

    public static LocalRateLimitSettings Translate(LocalRateLimitProto proto, ByteString wire, IStatsScope root, TimeProvider time)
    {
        if (string.IsNullOrEmpty(proto.StatPrefix))
        {
            throw new ConfigException("stat_prefix: must not be empty");
        }

        if (proto.LocalRateLimitPerDownstreamConnection)
        {
            throw new ConfigException("local_rate_limit_per_downstream_connection: per-connection buckets are not supported");
        }

        if (proto.LocalClusterRateLimit is not null)
        {
            throw new ConfigException("local_cluster_rate_limit: sharing the limit across the cluster is not supported");
        }

        var rateLimits = RateLimitRuleTranslator.ReadRepeated(wire, RateLimitsField);
        var descriptors = new LocalDescriptor[proto.Descriptors.Count];
        for (var i = 0; i < descriptors.Length; i++)
        {
            var descriptor = proto.Descriptors[i];
            var at = $"descriptors[{i}]";
            if (descriptor.Entries.Count == 0)
            {
                throw new ConfigException($"{at}.entries: at least one entry is required");
            }

            descriptors[i] = new LocalDescriptor(
                [.. descriptor.Entries.Select(e => new DescriptorEntry(e.Key, e.Value))],
                Bucket(descriptor.TokenBucket, at + ".token_bucket", time) ?? throw new ConfigException($"{at}.token_bucket: required"));
        }

        return new LocalRateLimitSettings
        {
            Stats = new LocalRateLimitStats(root, proto.StatPrefix),
            EnabledFraction = Fraction(proto.FilterEnabled?.DefaultValue),
            EnforcedFraction = Fraction(proto.FilterEnforced?.DefaultValue),
            Status = proto.Status is { Code: not 0 } status ? (int)status.Code : 429,
            DefaultBucket = Bucket(proto.TokenBucket, "token_bucket", time),
            Descriptors = descriptors,
            Rules = rateLimits.Count > 0 ? RateLimitRuleTranslator.Translate(rateLimits, "rate_limits") : null,
            Stage = proto.Stage,
            AlwaysConsumeDefaultBucket = proto.AlwaysConsumeDefaultTokenBucket ?? true,
            XRateLimitHeaders = proto.EnableXRatelimitHeaders == Envoy.Extensions.Common.Ratelimit.V3.XRateLimitHeadersRFCVersion.DraftVersion03,
            ResponseHeadersToAdd = [.. proto.ResponseHeadersToAdd],
            RequestHeadersToAddWhenNotEnforced = [.. proto.RequestHeadersToAddWhenNotEnforced],
        };
    }

    private static TokenBucket? Bucket(Envoy.Type.V3.TokenBucket? bucket, string at, TimeProvider time)
    {
        if (bucket is null)
        {
            return null;
        }

        if (bucket.MaxTokens == 0)
        {
            throw new ConfigException($"{at}.max_tokens: must be greater than 0");
        }

        var interval = bucket.FillInterval?.ToTimeSpan() ?? TimeSpan.Zero;
        if (interval < TimeSpan.FromMilliseconds(50))
        {
            // Envoy's local rate limiter refuses fill intervals under 50 ms.
            throw new ConfigException($"{at}.fill_interval: must be at least 50ms");
        }

        var perFill = bucket.TokensPerFill ?? 1;
        if (perFill == 0)
        {
            throw new ConfigException($"{at}.tokens_per_fill: must be greater than 0");
        }

        return new TokenBucket(bucket.MaxTokens, perFill, interval, time);
    }

    private static double Fraction(FractionalPercent? percent) => percent is null ? 0 : percent.Denominator switch
    {
        FractionalPercent.Types.DenominatorType.TenThousand => percent.Numerator / 10_000.0,
        FractionalPercent.Types.DenominatorType.Million => percent.Numerator / 1_000_000.0,
        _ => percent.Numerator / 100.0,
    };
}
