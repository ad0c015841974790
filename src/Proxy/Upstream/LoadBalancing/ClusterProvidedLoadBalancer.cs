using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// CLUSTER_PROVIDED: the cluster itself picks the host (ORIGINAL_DST from the downstream destination or header,
/// aggregate from its member clusters), so this balancer has nothing to choose from.
/// </summary>
public sealed class ClusterProvidedLoadBalancer : ILoadBalancer
{
    public static readonly ClusterProvidedLoadBalancer Instance = new();

    public Host? ChooseHost(in LoadBalancerContext context) => null;
}
