using System.Collections.Immutable;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Envoy's round robin: plain rotation when the hosts of a source share one weight, EDF order when weights
/// differ; both start at a random offset. Also used for client_side_weighted_round_robin until ORCA weights exist.
/// </summary>
public sealed class RoundRobinLoadBalancer : ILoadBalancer
{
    private readonly HostSourceSelector _selector;

    public RoundRobinLoadBalancer(PrioritySet set, LoadBalancerSettings settings, Random random)
    {
        var seed = (ulong)random.NextInt64();
        _selector = new HostSourceSelector(set, settings, seed, hosts => CreatePicker(hosts, seed));
    }

    public Host? ChooseHost(in LoadBalancerContext context) => _selector.ChooseHost(context);

    private static IHostPicker CreatePicker(ImmutableArray<Host> hosts, ulong seed) =>
        WeightsAreEqual(hosts) ? new RoundRobinPicker(hosts, seed) : new WeightedRoundRobinPicker(hosts, seed);

    /// <summary>Envoy's <c>hostWeightsAreEqual</c>: EDF is skipped when every weight is the same.</summary>
    internal static bool WeightsAreEqual(ImmutableArray<Host> hosts)
    {
        for (var i = 1; i < hosts.Length; i++)
        {
            if (hosts[i].Weight != hosts[0].Weight)
            {
                return false;
            }
        }

        return true;
    }
}
