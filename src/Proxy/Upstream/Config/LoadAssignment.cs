using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary>A translated, validated <c>ClusterLoadAssignment</c> (from EDS or a cluster's <c>load_assignment</c>).</summary>
public sealed record LoadAssignment
{
    /// <summary>Envoy's default overprovisioning factor, 140 (1.4 as a percentage).</summary>
    public const uint DefaultOverprovisioningFactor = 140;

    public static readonly LoadAssignment Empty = new() { ClusterName = string.Empty };

    public required string ClusterName { get; init; }

    public ImmutableArray<LocalityEndpoints> Localities { get; init; } = ImmutableArray<LocalityEndpoints>.Empty;

    /// <summary><c>policy.overprovisioning_factor</c> in percent (140 = 1.4).</summary>
    public uint OverprovisioningFactor { get; init; } = DefaultOverprovisioningFactor;

    /// <summary><c>policy.weighted_priority_health</c>: priority health from host weights instead of counts.</summary>
    public bool WeightedPriorityHealth { get; init; }

    /// <summary><c>policy.drop_overloads</c>; recorded for the router (Envoy supports at most one category).</summary>
    public ImmutableArray<DropOverload> DropOverloads { get; init; } = ImmutableArray<DropOverload>.Empty;

    /// <summary><c>policy.endpoint_stale_after</c>; recorded.</summary>
    public TimeSpan? EndpointStaleAfter { get; init; }
}
