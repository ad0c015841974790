using System.Collections.Immutable;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Least request over hosts of different weights: an EDF schedule whose weights are
/// weight / (active + 1)^active_request_bias at the time of each pick. Like Envoy's per-worker load balancers,
/// each thread has its own scheduler (the active counts are shared), so picks never take a lock.
/// </summary>
internal sealed class WeightedLeastRequestPicker : IHostPicker, IDisposable
{
    private readonly ThreadLocal<DynamicEdfScheduler> _schedulers;

    public WeightedLeastRequestPicker(ImmutableArray<Host> hosts, double activeRequestBias, ulong seed)
    {
        _schedulers = new ThreadLocal<DynamicEdfScheduler>(() => new DynamicEdfScheduler(hosts, activeRequestBias, seed));
    }

    public Host? Pick(in LoadBalancerContext context) => _schedulers.Value!.PickAndAdd();

    public void Dispose() => _schedulers.Dispose();
}
