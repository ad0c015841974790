using System.Collections.Immutable;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Round robin over hosts of different weights: Envoy's EDF order, precomputed (<see cref="StaticSchedule"/>).</summary>
internal sealed class WeightedRoundRobinPicker : IHostPicker
{
    private readonly ImmutableArray<Host> _hosts;
    private readonly StaticSchedule _schedule;

    public WeightedRoundRobinPicker(ImmutableArray<Host> hosts, ulong seed)
    {
        _hosts = hosts;
        var weights = new double[hosts.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = hosts[i].Weight;
        }

        _schedule = StaticSchedule.Create(weights, seed)!;
    }

    public Host? Pick(in LoadBalancerContext context) => _hosts[_schedule.Next()];
}
