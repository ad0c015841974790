using Google.Protobuf.WellKnownTypes;
using Proxy.Routing.Headers;

namespace Proxy.Routing.Actions;

/// <summary>One WeightedCluster.ClusterWeight.</summary>
public sealed class WeightedCluster
{
    /// <summary>Empty when <see cref="ClusterHeader"/> names the cluster.</summary>
    public required string Name { get; init; }

    /// <summary>The cluster comes from this request header when it is present.</summary>
    public string? ClusterHeader { get; init; }

    public required uint Weight { get; init; }

    /// <summary>Applied before the route's own mutations (Envoy's WeightedClusterEntry).</summary>
    public HeaderMutations RequestMutations { get; init; } = HeaderMutations.Empty;

    public HeaderMutations ResponseMutations { get; init; } = HeaderMutations.Empty;

    public string? HostRewriteLiteral { get; init; }

    /// <summary>typed_per_filter_config by filter name: translated by the filter\'s factory, or the Any as received (<see cref="Translation.ProtoValues.FilterConfigs"/>).</summary>

    public IReadOnlyDictionary<string, object> TypedPerFilterConfig { get; init; } = RouteDefaults.NoFilterConfig;

    /// <summary>metadata_match for the subset load balancer, merged over the route's (filter "envoy.lb").</summary>
    public Struct? MetadataMatch { get; init; }
}
