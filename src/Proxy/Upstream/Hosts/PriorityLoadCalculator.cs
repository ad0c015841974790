using System.Collections.Immutable;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// Envoy's priority load and panic computation (<c>LoadBalancerBase::recalculatePerPriorityState</c>,
/// <c>recalculatePerPriorityPanic</c>, <c>recalculateLoadInTotalPanic</c>), done once per snapshot:
/// <list type="number">
/// <item>Each priority's availability = min(100, overprovisioning% × healthy / hosts), likewise for degraded.</item>
/// <item>Load goes to priorities in order until 100% is placed (spill-over), healthy first, then degraded.</item>
/// <item>A priority whose healthy+degraded share is below the panic threshold is in panic (all its hosts are
/// used) unless the normalized total availability is 100%; if every priority is in panic, load follows host counts.</item>
/// </list>
/// </summary>
internal static class PriorityLoadCalculator
{
    public static PriorityLoad Compute(ImmutableArray<HostSet> sets, uint healthyPanicThreshold)
    {
        var count = sets.Length;
        var health = new int[count];
        var degraded = new int[count];
        for (var p = 0; p < count; p++)
        {
            (health[p], degraded[p]) = Availability(sets[p]);
        }

        // 1. Spread 100% over priorities by availability.
        var normalizedTotal = NormalizedTotalAvailability(health, degraded);
        var healthyLoad = new int[count];
        var degradedLoad = new int[count];
        if (normalizedTotal > 0)
        {
            var (firstHealthy, remaining) = Distribute(healthyLoad, health, 100, normalizedTotal);
            var (firstDegraded, rest) = Distribute(degradedLoad, degraded, remaining, normalizedTotal);
            if (rest != 0)
            {
                // Rounding leftovers go to the first available priority, healthy before degraded.
                if (firstHealthy >= 0)
                {
                    healthyLoad[firstHealthy] += rest;
                }
                else
                {
                    degradedLoad[firstDegraded] += rest;
                }
            }
        }

        // 2. Panic per priority.
        var panic = new bool[count];
        var threshold = Math.Min(100u, healthyPanicThreshold);
        if (threshold == 0 && normalizedTotal == 0)
        {
            // Panic disabled and nothing available: all load to P0, where no host will be found.
            healthyLoad[0] = 100;
            return Create(healthyLoad, degradedLoad, panic);
        }

        var totalPanic = true;
        for (var p = 0; p < count; p++)
        {
            panic[p] = normalizedTotal != 100 && InPanic(sets[p], threshold);
            totalPanic &= panic[p];
        }

        // 3. Every priority in panic: load by host count, healthy or not.
        if (totalPanic)
        {
            LoadInTotalPanic(sets, healthyLoad, degradedLoad);
        }

        return Create(healthyLoad, degradedLoad, panic);
    }

    /// <summary>Envoy's <c>isHostSetInPanic</c>: healthy% + degraded% below the threshold.</summary>
    internal static bool InPanic(HostSet set, uint threshold)
    {
        var hostCount = set.Hosts.Length - set.ExcludedCount;
        var healthyPercent = hostCount == 0 ? 0.0 : 100.0 * set.HealthyHosts.Length / hostCount;
        var degradedPercent = hostCount == 0 ? 0.0 : 100.0 * set.DegradedHosts.Length / hostCount;
        return healthyPercent + degradedPercent < threshold;
    }

    private static (int Healthy, int Degraded) Availability(HostSet set)
    {
        var hostCount = set.Hosts.Length - set.ExcludedCount;
        if (hostCount <= 0)
        {
            return (0, 0);
        }

        ulong healthyWeight, degradedWeight, totalWeight;
        if (set.WeightedPriorityHealth)
        {
            healthyWeight = SumWeights(set.HealthyHosts);
            degradedWeight = SumWeights(set.DegradedHosts);
            totalWeight = 0;
            foreach (var host in set.Hosts)
            {
                if (!host.Excluded)
                {
                    totalWeight += host.Weight;
                }
            }
        }
        else
        {
            healthyWeight = (ulong)set.HealthyHosts.Length;
            degradedWeight = (ulong)set.DegradedHosts.Length;
            totalWeight = (ulong)hostCount;
        }

        ulong factor = set.OverprovisioningFactor;
        return ((int)Math.Min(100, factor * healthyWeight / totalWeight), (int)Math.Min(100, factor * degradedWeight / totalWeight));
    }

    private static ulong SumWeights(ImmutableArray<Host> hosts)
    {
        ulong sum = 0;
        foreach (var host in hosts)
        {
            sum += host.Weight;
        }

        return sum;
    }

    private static int NormalizedTotalAvailability(int[] health, int[] degraded)
    {
        var sum = 0;
        for (var p = 0; p < health.Length; p++)
        {
            sum += health[p] + degraded[p];
        }

        return Math.Min(100, sum);
    }

    /// <summary>Assigns as much load as possible to the higher priorities until <paramref name="totalLoad"/> runs out.</summary>
    private static (int FirstAvailable, int Remaining) Distribute(int[] load, int[] availability, int totalLoad, int normalizedTotal)
    {
        var firstAvailable = -1;
        for (var p = 0; p < availability.Length; p++)
        {
            if (firstAvailable < 0 && availability[p] > 0)
            {
                firstAvailable = p;
            }

            load[p] = Math.Min(totalLoad, availability[p] * 100 / normalizedTotal);
            totalLoad -= load[p];
        }

        return (firstAvailable, totalLoad);
    }

    private static void LoadInTotalPanic(ImmutableArray<HostSet> sets, int[] healthyLoad, int[] degradedLoad)
    {
        var totalHosts = 0;
        foreach (var set in sets)
        {
            totalHosts += set.Hosts.Length;
        }

        Array.Clear(healthyLoad);
        Array.Clear(degradedLoad);
        if (totalHosts == 0)
        {
            healthyLoad[0] = 100;
            return;
        }

        var remaining = 100;
        var firstNonEmpty = -1;
        for (var p = 0; p < sets.Length; p++)
        {
            if (firstNonEmpty < 0 && sets[p].Hosts.Length != 0)
            {
                firstNonEmpty = p;
            }

            healthyLoad[p] = 100 * sets[p].Hosts.Length / totalHosts;
            remaining -= healthyLoad[p];
        }

        healthyLoad[firstNonEmpty] += remaining;
    }

    private static PriorityLoad Create(int[] healthy, int[] degraded, bool[] panic) =>
        new(ImmutableArray.Create(healthy), ImmutableArray.Create(degraded), ImmutableArray.Create(panic));
}
