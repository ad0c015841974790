using System.Collections.Immutable;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Envoy's least request: with equal weights, the fewest active requests among <c>choice_count</c> random
/// samples (P2C) or a full scan; with different weights, EDF on weight / (active + 1)^active_request_bias.
/// </summary>
public sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly HostSourceSelector _selector;

    public LeastRequestLoadBalancer(PrioritySet set, LoadBalancerSettings settings, Random random)
    {
        var seed = (ulong)random.NextInt64();
        var leastRequest = settings.LeastRequest;
        _selector = new HostSourceSelector(set, settings, seed, hosts => CreatePicker(hosts, leastRequest, seed));
    }

    public Host? ChooseHost(in LoadBalancerContext context) => _selector.ChooseHost(context);

    private static IHostPicker CreatePicker(ImmutableArray<Host> hosts, LeastRequestSettings settings, ulong seed) =>
        RoundRobinLoadBalancer.WeightsAreEqual(hosts)
            ? new LeastRequestPicker(hosts, settings)
            : new WeightedLeastRequestPicker(hosts, settings.ActiveRequestBias, seed);
}
