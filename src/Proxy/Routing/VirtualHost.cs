using Metadata = Envoy.Config.Core.V3.Metadata;
using Google.Protobuf.WellKnownTypes;
using Proxy.Routing.Actions;
using Proxy.Routing.Headers;

namespace Proxy.Routing;

/// <summary>A VirtualHost: the routes for a set of domains, and what applies to all of them.</summary>
public sealed class VirtualHost
{
    public required string Name { get; init; }

    /// <summary>As configured (lower-cased).</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>In order; the first match wins.</summary>
    public required RouteEntry[] Routes { get; init; }

    public TlsRequirement RequireTls { get; init; }

    public IReadOnlyList<VirtualCluster> VirtualClusters { get; init; } = [];

    public HeaderMutations RequestMutations { get; init; } = HeaderMutations.Empty;

    public HeaderMutations ResponseMutations { get; init; } = HeaderMutations.Empty;

    /// <summary>Send x-envoy-attempt-count upstream (overriding any value).</summary>
    public bool IncludeRequestAttemptCount { get; init; }

    /// <summary>Send x-envoy-attempt-count downstream.</summary>
    public bool IncludeAttemptCountInResponse { get; init; }

    /// <summary>include_is_timeout_retry_header.</summary>
    public bool IncludeIsTimeoutRetryHeader { get; init; }

    /// <summary>Default for routes that have none (already resolved into each <see cref="RouteAction"/>).</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    public HedgePolicy? HedgePolicy { get; init; }

    /// <summary>typed_per_filter_config by filter name: translated by the filter\'s factory, or the Any as received (<see cref="Translation.ProtoValues.FilterConfigs"/>).</summary>

    public IReadOnlyDictionary<string, object> TypedPerFilterConfig { get; init; } = RouteDefaults.NoFilterConfig;

    public Metadata? Metadata { get; init; }

    /// <summary>The table holding this virtual host; set once during translation.</summary>
    public RouteTable RouteTable { get; internal set; } = null!;
}
