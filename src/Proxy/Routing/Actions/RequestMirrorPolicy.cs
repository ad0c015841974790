using Proxy.Routing.Matching;

namespace Proxy.Routing.Actions;

/// <summary>RouteAction.RequestMirrorPolicy (shadowing), recorded for the router; exactly one of the cluster fields is set.</summary>
public sealed class RequestMirrorPolicy
{
    public string? Cluster { get; init; }

    /// <summary>The cluster comes from this request header (first value); no mirror when absent.</summary>
    public string? ClusterHeader { get; init; }

    /// <summary>Share of requests mirrored; 100% when not configured.</summary>
    public required RuntimeFraction RuntimeFraction { get; init; }

    /// <summary><c>trace_sampled</c>, default true.</summary>
    public bool TraceSampled { get; init; } = true;

    /// <summary>Without it the shadow request's Host gets "-shadow" appended.</summary>
    public bool DisableShadowHostSuffixAppend { get; init; }
}
