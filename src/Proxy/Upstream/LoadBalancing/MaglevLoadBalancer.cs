using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Envoy's Maglev load balancer (consistent hashing with a fixed-size table); see <see cref="MaglevTable"/>.</summary>
public sealed class MaglevLoadBalancer : ILoadBalancer
{
    private readonly HashTableSelector _selector;

    public MaglevLoadBalancer(PrioritySet set, LoadBalancerSettings settings)
    {
        var tableSize = settings.Maglev.TableSize;
        var useHostname = settings.UseHostnameForHashing;
        _selector = new HashTableSelector(set, settings,
            (weights, _, max) => new MaglevTable(weights, max, tableSize, useHostname));
    }

    public Host? ChooseHost(in LoadBalancerContext context) => _selector.ChooseHost(context);

    /// <summary>The table of one priority (tests, admin).</summary>
    internal MaglevTable Table(int priority) => (MaglevTable)_selector.TableFor(priority);
}
