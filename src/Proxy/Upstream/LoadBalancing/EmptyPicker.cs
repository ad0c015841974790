using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>A hosts source without hosts.</summary>
internal sealed class EmptyPicker : IHostPicker
{
    public static readonly EmptyPicker Instance = new();

    public Host? Pick(in LoadBalancerContext context) => null;
}
