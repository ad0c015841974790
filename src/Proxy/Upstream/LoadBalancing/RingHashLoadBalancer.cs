using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Envoy's ring hash load balancer (consistent hashing with weights); see <see cref="RingHashTable"/>.</summary>
public sealed class RingHashLoadBalancer : ILoadBalancer
{
    private readonly HashTableSelector _selector;

    public RingHashLoadBalancer(PrioritySet set, LoadBalancerSettings settings)
    {
        var ring = settings.RingHash;
        var useHostname = settings.UseHostnameForHashing;
        _selector = new HashTableSelector(set, settings,
            (weights, min, _) => new RingHashTable(weights, min, ring, useHostname));
    }

    public Host? ChooseHost(in LoadBalancerContext context) => _selector.ChooseHost(context);

    /// <summary>The ring of one priority (tests, admin).</summary>
    internal RingHashTable Ring(int priority) => (RingHashTable)_selector.TableFor(priority);
}
