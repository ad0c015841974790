using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Builds the load balancer a cluster's settings ask for, for one host snapshot.</summary>
public static class LoadBalancerFactory
{
    /// <param name="settings">The cluster's <see cref="ClusterConfig.LoadBalancer"/>.</param>
    /// <param name="set">The current host snapshot; build again when it changes.</param>
    /// <param name="random">Randomness for start offsets (Envoy's seed); per-pick randomness comes with each context.</param>
    public static ILoadBalancer Create(LoadBalancerSettings settings, PrioritySet set, Random random) => settings.Kind switch
    {
        LoadBalancerKind.RoundRobin or LoadBalancerKind.ClientSideWeightedRoundRobin => new RoundRobinLoadBalancer(set, settings, random),
        LoadBalancerKind.LeastRequest => new LeastRequestLoadBalancer(set, settings, random),
        LoadBalancerKind.Random => new RandomLoadBalancer(set, settings, random),
        LoadBalancerKind.RingHash => new RingHashLoadBalancer(set, settings),
        LoadBalancerKind.Maglev => new MaglevLoadBalancer(set, settings),
        _ => ClusterProvidedLoadBalancer.Instance,
    };
}
