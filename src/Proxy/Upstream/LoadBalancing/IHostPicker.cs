using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>Picks one host from a fixed list (one "hosts source": all, healthy, degraded or one locality's).</summary>
internal interface IHostPicker
{
    Host? Pick(in LoadBalancerContext context);
}
