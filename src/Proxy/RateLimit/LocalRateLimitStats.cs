using Proxy.Filters.Stats;

namespace Proxy.RateLimit;

/// <summary>Envoy's <c>&lt;stat_prefix&gt;.http_local_rate_limit.enabled|enforced|rate_limited|ok</c>, in the root scope.</summary>
internal sealed class LocalRateLimitStats
{
    public LocalRateLimitStats(IStatsScope root, string statPrefix)
    {
        var prefix = statPrefix + ".http_local_rate_limit.";
        Enabled = root.Counter(prefix + "enabled");
        Enforced = root.Counter(prefix + "enforced");
        RateLimited = root.Counter(prefix + "rate_limited");
        Ok = root.Counter(prefix + "ok");
    }

    public Counter Enabled { get; }

    public Counter Enforced { get; }

    public Counter RateLimited { get; }

    public Counter Ok { get; }
}
