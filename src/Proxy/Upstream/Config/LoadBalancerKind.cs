namespace Proxy.Upstream.Config;

/// <summary>The load balancing algorithm (legacy <c>lb_policy</c> or the first supported <c>load_balancing_policy</c>).</summary>
public enum LoadBalancerKind
{
    RoundRobin,
    LeastRequest,
    Random,
    RingHash,
    Maglev,

    /// <summary>The cluster picks the host itself (ORIGINAL_DST, aggregate); the load balancer returns null.</summary>
    ClusterProvided,

    /// <summary>
    /// <c>envoy.load_balancing_policies.client_side_weighted_round_robin</c>. Its weights come from ORCA load
    /// reports, which we do not collect yet; without reports Envoy gives every host the same weight, so this
    /// balances as <see cref="RoundRobin"/> over the EDS weights.
    /// </summary>
    ClientSideWeightedRoundRobin,
}
