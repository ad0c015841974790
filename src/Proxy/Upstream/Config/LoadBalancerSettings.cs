using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary>Everything the load balancer of a cluster needs, from <c>lb_policy</c>, its configs and <c>common_lb_config</c>.</summary>
public sealed record LoadBalancerSettings
{
    public const uint DefaultHealthyPanicThreshold = 50;

    public static readonly LoadBalancerSettings Default = new();

    public LoadBalancerKind Kind { get; init; }

    /// <summary>The Envoy extension name chosen, e.g. <c>envoy.load_balancing_policies.round_robin</c>.</summary>
    public string PolicyName { get; init; } = "envoy.load_balancing_policies.round_robin";

    /// <summary>
    /// <c>common_lb_config.healthy_panic_threshold</c> rounded to a whole percent (Envoy's
    /// <c>PROTOBUF_PERCENT_TO_ROUNDED_INTEGER_OR_DEFAULT</c>); 50 by default; 0 disables panic mode.
    /// </summary>
    public uint HealthyPanicThreshold { get; init; } = DefaultHealthyPanicThreshold;

    /// <summary>locality_weighted_lb_config: pick a locality by its weight (scaled by its availability) first.</summary>
    public bool LocalityWeighted { get; init; }

    public ZoneAwareSettings? ZoneAware { get; init; }

    public LeastRequestSettings LeastRequest { get; init; } = LeastRequestSettings.Default;

    public RingHashSettings RingHash { get; init; } = RingHashSettings.Default;

    public MaglevSettings Maglev { get; init; } = MaglevSettings.Default;

    public SlowStartSettings? SlowStart { get; init; }

    /// <summary><c>consistent_hashing_lb_config.use_hostname_for_hashing</c>: hash the endpoint hostname, not its address.</summary>
    public bool UseHostnameForHashing { get; init; }

    /// <summary><c>hash_balance_factor</c> (bounded loads); recorded, not applied yet.</summary>
    public uint? HashBalanceFactor { get; init; }

    /// <summary>
    /// Sources of <c>envoy.load_balancing_policies.override_host</c>; empty when that policy is not used. The
    /// caller looks the address up with <c>PrioritySet.FindHost</c> and falls back to this balancer.
    /// </summary>
    public ImmutableArray<OverrideHostSource> OverrideHostSources { get; init; } = ImmutableArray<OverrideHostSource>.Empty;

    /// <summary><c>common_lb_config.update_merge_window</c>; default 1s.</summary>
    public TimeSpan UpdateMergeWindow { get; init; } = TimeSpan.FromSeconds(1);

    public bool IgnoreNewHostsUntilFirstHc { get; init; }

    public bool CloseConnectionsOnHostSetChange { get; init; }
}
