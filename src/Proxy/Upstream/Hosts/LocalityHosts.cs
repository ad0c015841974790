using System.Collections.Immutable;
using Proxy.Upstream.Config;

namespace Proxy.Upstream.Hosts;

/// <summary>The hosts of one locality within one priority, partitioned by health at snapshot time.</summary>
public sealed class LocalityHosts
{
    internal LocalityHosts(Locality locality, uint weight, ImmutableArray<Host> hosts)
    {
        Locality = locality;
        Weight = weight;
        Hosts = hosts;
        HealthyHosts = HostSet.Filter(hosts, HostHealth.Healthy);
        DegradedHosts = HostSet.Filter(hosts, HostHealth.Degraded);
        ExcludedCount = HostSet.CountExcluded(hosts);
    }

    public Locality Locality { get; }

    /// <summary>The locality's <c>load_balancing_weight</c>; 0 when unset (no traffic under locality weighting).</summary>
    public uint Weight { get; }

    public ImmutableArray<Host> Hosts { get; }

    public ImmutableArray<Host> HealthyHosts { get; }

    public ImmutableArray<Host> DegradedHosts { get; }

    public int ExcludedCount { get; }
}
