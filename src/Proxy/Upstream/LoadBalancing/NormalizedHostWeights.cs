using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Host weights normalized to sum to 1 for the hashing balancers (Envoy's <c>normalizeWeights</c> in
/// thread_aware_lb_impl.cc): healthy hosts, or all hosts in panic; with locality weighting each locality's
/// share is its weight over the sum of locality weights (localities of weight 0 are skipped).
/// </summary>
internal static class NormalizedHostWeights
{
    public static List<(Host Host, double Weight)> Compute(HostSet set, bool inPanic, bool localityWeighted,
        out double min, out double max)
    {
        var result = new List<(Host, double)>();
        min = 1.0;
        max = 0.0;
        if (!localityWeighted || set.Localities.IsEmpty)
        {
            AddHosts(result, inPanic ? set.Hosts : set.HealthyHosts, 1.0, ref min, ref max);
            return result;
        }

        ulong sum = 0;
        foreach (var locality in set.Localities)
        {
            sum += locality.Weight;
        }

        if (sum == 0)
        {
            return result;
        }

        foreach (var locality in set.Localities)
        {
            if (locality.Weight != 0)
            {
                AddHosts(result, inPanic ? locality.Hosts : locality.HealthyHosts, (double)locality.Weight / sum, ref min, ref max);
            }
        }

        return result;
    }

    private static void AddHosts(List<(Host, double)> result, IReadOnlyList<Host> hosts, double localityShare,
        ref double min, ref double max)
    {
        ulong sum = 0;
        foreach (var host in hosts)
        {
            sum += host.Weight;
        }

        foreach (var host in hosts)
        {
            var weight = host.Weight * localityShare / sum;
            result.Add((host, weight));
            min = Math.Min(min, weight);
            max = Math.Max(max, weight);
        }
    }
}
