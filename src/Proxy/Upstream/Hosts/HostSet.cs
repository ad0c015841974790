using System.Collections.Immutable;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// The hosts of one priority, partitioned by health when the snapshot was taken (Envoy's <c>HostSet</c>).
/// Healthy excludes degraded hosts; excluded hosts are in neither and count in no load computation.
/// </summary>
public sealed class HostSet
{
    internal HostSet(int priority, ImmutableArray<Host> hosts, ImmutableArray<LocalityHosts> localities,
        uint overprovisioningFactor, bool weightedPriorityHealth)
    {
        Priority = priority;
        Hosts = hosts;
        Localities = localities;
        OverprovisioningFactor = overprovisioningFactor;
        WeightedPriorityHealth = weightedPriorityHealth;
        HealthyHosts = Filter(Hosts, HostHealth.Healthy);
        DegradedHosts = Filter(Hosts, HostHealth.Degraded);
        ExcludedCount = CountExcluded(Hosts);
    }

    public int Priority { get; }

    /// <summary>All hosts of the priority, in the order the assignment listed them.</summary>
    public ImmutableArray<Host> Hosts { get; }

    public ImmutableArray<Host> HealthyHosts { get; }

    public ImmutableArray<Host> DegradedHosts { get; }

    /// <summary>Hosts excluded from load computations (pending first health check or removal).</summary>
    public int ExcludedCount { get; }

    /// <summary>
    /// Hosts grouped by locality; entries for the same locality are merged and groups are ordered by
    /// (region, zone, sub_zone), as Envoy's <c>HostsPerLocality</c>.
    /// </summary>
    public ImmutableArray<LocalityHosts> Localities { get; }

    /// <summary>Overprovisioning factor in percent (140 = 1.4).</summary>
    public uint OverprovisioningFactor { get; }

    /// <summary><c>weighted_priority_health</c>: availability from host weights instead of host counts.</summary>
    public bool WeightedPriorityHealth { get; }

    /// <summary>The same hosts, re-partitioned by their current health flags.</summary>
    internal HostSet Refreshed()
    {
        var localities = ImmutableArray.CreateBuilder<LocalityHosts>(Localities.Length);
        foreach (var locality in Localities)
        {
            localities.Add(new LocalityHosts(locality.Locality, locality.Weight, locality.Hosts));
        }

        return new HostSet(Priority, Hosts, localities.MoveToImmutable(), OverprovisioningFactor, WeightedPriorityHealth);
    }

    /// <summary>The hosts of that health; <paramref name="hosts"/> itself when all of them are (the usual case), so no copy is kept.</summary>
    internal static ImmutableArray<Host> Filter(ImmutableArray<Host> hosts, HostHealth health)
    {
        var all = true;
        foreach (var host in hosts)
        {
            if (host.Excluded || host.CoarseHealth != health)
            {
                all = false;
                break;
            }
        }

        if (all)
        {
            return hosts;
        }

        var result = ImmutableArray.CreateBuilder<Host>();
        foreach (var host in hosts)
        {
            if (!host.Excluded && host.CoarseHealth == health)
            {
                result.Add(host);
            }
        }

        return result.ToImmutable();
    }

    internal static int CountExcluded(ImmutableArray<Host> hosts)
    {
        var count = 0;
        foreach (var host in hosts)
        {
            if (host.Excluded)
            {
                count++;
            }
        }

        return count;
    }
}
