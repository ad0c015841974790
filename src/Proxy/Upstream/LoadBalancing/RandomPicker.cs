using System.Collections.Immutable;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Envoy's random load balancer: a uniformly random host; weights are not considered.</summary>
internal sealed class RandomPicker : IHostPicker
{
    private readonly ImmutableArray<Host> _hosts;

    public RandomPicker(ImmutableArray<Host> hosts) => _hosts = hosts;

    public Host? Pick(in LoadBalancerContext context) => _hosts[context.Random.Next(_hosts.Length)];
}
