using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Picks a host for one request or connection. Built once per <see cref="PrioritySet"/> snapshot and
/// replaced on updates; thread-safe and lock-free; never throws. Null means no host is available
/// (Envoy's "no healthy upstream").
/// </summary>
public interface ILoadBalancer
{
    Host? ChooseHost(in LoadBalancerContext context);
}
