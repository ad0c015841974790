namespace Proxy.Upstream.Config;

/// <summary>
/// <c>zone_aware_lb_config</c>; recorded. Zone aware routing needs the local cluster's membership
/// (<c>cluster_manager.local_cluster_name</c>), which Istio does not configure, so hosts are balanced without it.
/// </summary>
public sealed record ZoneAwareSettings
{
    /// <summary><c>routing_enabled</c> in percent; default 100.</summary>
    public double RoutingEnabledPercent { get; init; } = 100;

    /// <summary><c>min_cluster_size</c>; default 6.</summary>
    public ulong MinClusterSize { get; init; } = 6;

    /// <summary><c>fail_traffic_on_panic</c>: in panic, pick no host instead of any host.</summary>
    public bool FailTrafficOnPanic { get; init; }
}
