using Metadata = Envoy.Config.Core.V3.Metadata;
using Google.Protobuf.WellKnownTypes;
using Proxy.Routing.Actions;
using Proxy.Routing.Headers;
using Proxy.Routing.Matching;

namespace Proxy.Routing;

/// <summary>One Route of a virtual host: its match, its action and what it adds to requests and responses.</summary>
public sealed class RouteEntry
{
    /// <summary>Route.name; may be empty.</summary>
    public required string Name { get; init; }

    public required RouteMatch Match { get; init; }

    public required RouteEntryAction Action { get; init; }

    public HeaderMutations RequestMutations { get; init; } = HeaderMutations.Empty;

    /// <summary>Also applied to redirect and direct responses.</summary>
    public HeaderMutations ResponseMutations { get; init; } = HeaderMutations.Empty;

    public Decorator? Decorator { get; init; }

    public RouteTracing? Tracing { get; init; }

    /// <summary>Route.metadata (e.g. Istio's filter_metadata.istio); treat as read-only.</summary>
    public Metadata? Metadata { get; init; }

    /// <summary>typed_per_filter_config by filter name: translated by the filter\'s factory, or the Any as received (<see cref="Translation.ProtoValues.FilterConfigs"/>).</summary>

    public IReadOnlyDictionary<string, object> TypedPerFilterConfig { get; init; } = RouteDefaults.NoFilterConfig;

    /// <summary>Route's value, else the virtual host's, else unlimited.</summary>
    public uint PerRequestBufferLimitBytes { get; init; } = uint.MaxValue;

    /// <summary>Per-route statistics prefix; empty when none.</summary>
    public string StatPrefix { get; init; } = string.Empty;

    /// <summary>The virtual host holding this route; set once during translation.</summary>
    public VirtualHost VirtualHost { get; internal set; } = null!;

    /// <summary>The forwarding action, or null for redirect, direct response and non-forwarding routes.</summary>
    public RouteAction? RouteAction => Action as RouteAction;
}
