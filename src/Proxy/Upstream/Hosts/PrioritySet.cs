using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// An immutable snapshot of a cluster's hosts: one <see cref="HostSet"/> per priority (index = priority, gaps
/// filled with empty sets, always at least priority 0), the priority load and panic state computed once.
/// Load balancers are built per snapshot; health changes produce a new snapshot via <see cref="RefreshHealth"/>.
/// </summary>
public sealed class PrioritySet
{
    // Built on the first lookup: most snapshots are never searched by address, and a mesh holds thousands.
    private FrozenDictionary<string, Host>? _byAddress;

    internal PrioritySet(ImmutableArray<HostSet> hostSets, uint healthyPanicThreshold)
    {
        HostSets = hostSets;
        HealthyPanicThreshold = healthyPanicThreshold;
        Load = PriorityLoadCalculator.Compute(hostSets, healthyPanicThreshold);
        if (hostSets.Length == 1)
        {
            AllHosts = hostSets[0].Hosts;
        }
        else
        {
            var all = ImmutableArray.CreateBuilder<Host>();
            foreach (var set in hostSets)
            {
                all.AddRange(set.Hosts);
            }

            AllHosts = all.ToImmutable();
        }
    }

    /// <summary>A cluster without hosts: one empty priority 0.</summary>
    public static PrioritySet Empty { get; } = new(
        ImmutableArray.Create(new HostSet(0, ImmutableArray<Host>.Empty, ImmutableArray<LocalityHosts>.Empty,
            Config.LoadAssignment.DefaultOverprovisioningFactor, false)),
        Config.LoadBalancerSettings.DefaultHealthyPanicThreshold);

    public ImmutableArray<HostSet> HostSets { get; }

    /// <summary>Traffic share per priority and panic flags (Envoy's per_priority_load_ / per_priority_panic_).</summary>
    public PriorityLoad Load { get; }

    public uint HealthyPanicThreshold { get; }

    /// <summary>Every host of every priority.</summary>
    public ImmutableArray<Host> AllHosts { get; }

    /// <summary>The host with this address string (e.g. <c>10.0.0.1:80</c>), for override-host and admin lookups.</summary>
    public Host? FindHost(string addressString) => (Volatile.Read(ref _byAddress) ?? IndexByAddress()).GetValueOrDefault(addressString);

    private FrozenDictionary<string, Host> IndexByAddress()
    {
        var byAddress = new Dictionary<string, Host>(StringComparer.Ordinal);
        foreach (var host in AllHosts)
        {
            byAddress.TryAdd(host.AddressString, host);
        }

        var index = byAddress.ToFrozenDictionary(StringComparer.Ordinal);
        Volatile.Write(ref _byAddress, index);
        return index;
    }

    /// <summary>The same hosts re-partitioned by their current health flags, with load and panic recomputed.</summary>
    public PrioritySet RefreshHealth()
    {
        var sets = ImmutableArray.CreateBuilder<HostSet>(HostSets.Length);
        foreach (var set in HostSets)
        {
            sets.Add(set.Refreshed());
        }

        return new PrioritySet(sets.MoveToImmutable(), HealthyPanicThreshold);
    }
}
