using Google.Protobuf.WellKnownTypes;

namespace Proxy.Routing.Actions;

/// <summary>
/// Route.route: forward upstream. Exactly one cluster specifier is set (<see cref="Cluster"/>,
/// <see cref="ClusterHeader"/>, <see cref="WeightedClusters"/>, or an optional <see cref="ClusterSpecifierPlugin"/>
/// that we do not implement and which therefore yields no cluster); use <see cref="ClusterSelector"/> per request.
/// </summary>
public sealed class RouteAction : RouteEntryAction
{
    /// <summary>Envoy's DEFAULT_ROUTE_TIMEOUT_MS.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private string? _timeoutMillisecondsText;

    public string? Cluster { get; init; }

    /// <summary>The cluster is named by this request header (first value); absent: cluster not found (<see cref="ClusterNotFoundResponseCode"/>).</summary>
    public string? ClusterHeader { get; init; }

    public WeightedClusterSet? WeightedClusters { get; init; }

    /// <summary>Name of an optional cluster specifier plugin; no implementation exists, so the route resolves to no cluster.</summary>
    public string? ClusterSpecifierPlugin { get; init; }

    /// <summary>cluster_not_found_response_code: 503 (default), 404 or 500.</summary>
    public int ClusterNotFoundResponseCode { get; init; } = 503;

    /// <summary>Replaces the matched part of the path (see <see cref="PathRewriter"/>).</summary>
    public string? PrefixRewrite { get; init; }

    /// <summary>Rewrites the path without its query; the query is kept.</summary>
    public RegexRewrite? RegexRewrite { get; init; }

    public string? HostRewriteLiteral { get; init; }

    /// <summary>auto_host_rewrite: Host becomes the upstream host's hostname; applied by the router once a host is chosen.</summary>
    public bool AutoHostRewrite { get; init; }

    /// <summary>Host is taken from this request header's first value when non-empty.</summary>
    public string? HostRewriteHeader { get; init; }

    /// <summary>Host becomes this rewrite of the path without its query.</summary>
    public RegexRewrite? HostRewritePathRegex { get; init; }

    /// <summary>A host rewrite appends the original Host to x-forwarded-host.</summary>
    public bool AppendXForwardedHost { get; init; }

    /// <summary>Upstream timeout for the whole request including retries; 15 s when unset, <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>prefix_rewrite or regex_rewrite is set: the forwarded <c>:path</c> is rewritten (<see cref="PathRewriter"/>).</summary>
    public bool RewritesPath => PrefixRewrite is not null || RegexRewrite is not null;

    /// <summary><see cref="Timeout"/> in whole milliseconds, as x-envoy-expected-rq-timeout-ms says it; made once per route.</summary>
    public string TimeoutMillisecondsText =>
        _timeoutMillisecondsText ??= ((long)Timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Null: the HCM's stream_idle_timeout applies; zero disables even that.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    public MaxStreamDurationPolicy? MaxStreamDuration { get; init; }

    /// <summary>Deprecated max_grpc_timeout (Istio still sets it): honour grpc-timeout, capped; zero = uncapped.</summary>
    public TimeSpan? MaxGrpcTimeout { get; init; }

    /// <summary>Deprecated grpc_timeout_offset.</summary>
    public TimeSpan? GrpcTimeoutOffset { get; init; }

    /// <summary>The route's policy, else the virtual host's; null for none.</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>The route's policy, else the virtual host's.</summary>
    public HedgePolicy? HedgePolicy { get; init; }

    public HashPolicy[] HashPolicies { get; init; } = [];

    /// <summary>By upgrade type, compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, UpgradeConfig> UpgradeConfigs { get; init; } = new Dictionary<string, UpgradeConfig>(StringComparer.OrdinalIgnoreCase);

    public RoutingPriority Priority { get; init; }

    /// <summary>The route's policies, else the virtual host's, else the route configuration's (never merged).</summary>
    public IReadOnlyList<RequestMirrorPolicy> RequestMirrorPolicies { get; init; } = [];

    public InternalRedirectPolicy? InternalRedirectPolicy { get; init; }

    /// <summary>metadata_match under "envoy.lb" for the subset load balancer.</summary>
    /// <summary><c>rate_limits</c>: descriptor rules for the local rate limit filter of the same stage.</summary>
    public IReadOnlyList<Proxy.RateLimit.RateLimitRule> RateLimits { get; init; } = [];

    public Struct? MetadataMatch { get; init; }

    /// <summary>
    /// Whether an upgrade (e.g. "websocket") is allowed on this route: the route's setting when it has one for
    /// that type, else <paramref name="connectionManagerEnabled"/> from the HCM's upgrade_configs.
    /// </summary>
    public bool IsUpgradeEnabled(string upgradeType, bool connectionManagerEnabled) => UpgradeConfigs.TryGetValue(upgradeType, out UpgradeConfig? config) ? config.Enabled : connectionManagerEnabled;
}
