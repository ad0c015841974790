using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Envoy's random load balancer: priority and locality as usual, then a uniformly random host.</summary>
public sealed class RandomLoadBalancer : ILoadBalancer
{
    private readonly HostSourceSelector _selector;

    public RandomLoadBalancer(PrioritySet set, LoadBalancerSettings settings, Random random)
    {
        _selector = new HostSourceSelector(set, settings, (ulong)random.NextInt64(), hosts => new RandomPicker(hosts));
    }

    public Host? ChooseHost(in LoadBalancerContext context) => _selector.ChooseHost(context);
}
