using Proxy.Upstream.Dns;

namespace Proxy.Upstream.Config;

/// <summary>DNS resolution settings of a STRICT_DNS / LOGICAL_DNS cluster.</summary>
public sealed record DnsSettings
{
    public static readonly DnsSettings Default = new();

    public DnsLookupFamily LookupFamily { get; init; }

    /// <summary><c>dns_refresh_rate</c>; default 5s.</summary>
    public TimeSpan RefreshRate { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>dns_failure_refresh_rate.base_interval</c>. When null, failures retry at <see cref="RefreshRate"/>
    /// (Envoy's fixed back-off); otherwise a jittered exponential back-off from here to <see cref="FailureRefreshMax"/>.
    /// </summary>
    public TimeSpan? FailureRefreshBase { get; init; }

    /// <summary><c>dns_failure_refresh_rate.max_interval</c>; 10 × base when unset.</summary>
    public TimeSpan? FailureRefreshMax { get; init; }

    /// <summary><c>respect_dns_ttl</c>: refresh after the record's TTL when the resolver reports one.</summary>
    public bool RespectDnsTtl { get; init; }

    /// <summary><c>dns_jitter</c> (DnsCluster extension): a random delay in [0, jitter) added to each refresh.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>True when a <c>typed_dns_resolver_config</c> was given; recorded, the system resolver is used.</summary>
    public bool HasCustomResolver { get; init; }
}
