using System.Collections.Immutable;
using Envoy.Config.Core.V3;

namespace Proxy.Upstream.Config;

/// <summary>One translated <c>LocalityLbEndpoints</c>: endpoints of one locality at one priority.</summary>
public sealed record LocalityEndpoints
{
    public Locality Locality { get; init; } = Locality.Empty;

    public ImmutableArray<EndpointConfig> Endpoints { get; init; } = ImmutableArray<EndpointConfig>.Empty;

    /// <summary>
    /// <c>load_balancing_weight</c> of the locality, used only with locality weighted balancing; null when unset,
    /// which Envoy treats as weight 0 (the locality gets no traffic when locality weighting is on).
    /// </summary>
    public uint? LoadBalancingWeight { get; init; }

    /// <summary>0 is the highest priority; at most 128.</summary>
    public int Priority { get; init; }

    public Metadata? Metadata { get; init; }

    public uint? Proximity { get; init; }
}
