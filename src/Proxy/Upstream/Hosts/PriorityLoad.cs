using System.Collections.Immutable;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// Percent of traffic per priority for healthy and degraded hosts, summing to 100 (Envoy's
/// <c>HealthyAndDegradedLoad</c>), and which priorities are in panic.
/// </summary>
public sealed class PriorityLoad
{
    internal PriorityLoad(ImmutableArray<int> healthy, ImmutableArray<int> degraded, ImmutableArray<bool> panic)
    {
        Healthy = healthy;
        Degraded = degraded;
        Panic = panic;
    }

    public ImmutableArray<int> Healthy { get; }

    public ImmutableArray<int> Degraded { get; }

    /// <summary>Per priority: too few healthy hosts, so balance across all its hosts.</summary>
    public ImmutableArray<bool> Panic { get; }

    /// <summary>
    /// Envoy's <c>LoadBalancerBase::choosePriority</c>: <c>hash % 100 + 1</c> walks the healthy loads, then the
    /// degraded loads.
    /// </summary>
    public (int Priority, HostAvailability Availability) Choose(ulong hash)
    {
        var point = (int)(hash % 100) + 1;
        var aggregate = 0;
        for (var p = 0; p < Healthy.Length; p++)
        {
            aggregate += Healthy[p];
            if (point <= aggregate)
            {
                return (p, HostAvailability.Healthy);
            }
        }

        for (var p = 0; p < Degraded.Length; p++)
        {
            aggregate += Degraded[p];
            if (point <= aggregate)
            {
                return (p, HostAvailability.Degraded);
            }
        }

        return (0, HostAvailability.Healthy);
    }
}
