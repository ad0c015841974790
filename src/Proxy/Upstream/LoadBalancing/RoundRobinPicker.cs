using System.Collections.Immutable;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Plain rotation over hosts of equal weight (Envoy's unweighted round robin), starting at a random offset
/// so that proxies started together do not hit the same host first. One atomic increment per pick.
/// </summary>
internal sealed class RoundRobinPicker : IHostPicker
{
    private readonly ImmutableArray<Host> _hosts;
    private long _next;

    public RoundRobinPicker(ImmutableArray<Host> hosts, ulong seed)
    {
        _hosts = hosts;
        _next = (long)(seed % (ulong)hosts.Length) - 1;
    }

    public Host? Pick(in LoadBalancerContext context)
    {
        var index = (ulong)Interlocked.Increment(ref _next) % (ulong)_hosts.Length;
        return _hosts[(int)index];
    }
}
