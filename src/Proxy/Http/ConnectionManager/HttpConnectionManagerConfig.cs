using Proxy.Http.Codec;
using Proxy.Listeners.Config;
using Proxy.Routing;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// A validated envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.
/// Defaults are Envoy's.
/// </summary>
internal sealed record HttpConnectionManagerConfig
{
    public required string StatPrefix { get; init; }

    public CodecType CodecType { get; init; }

    /// <summary>route_config given inline; null when routes come from RDS.</summary>
    public RouteTable? InlineRoutes { get; init; }

    /// <summary>rds.route_config_name when routes come from RDS.</summary>
    public string? RdsRouteConfigName { get; init; }

    /// <summary>rds.config_source: where the route configuration comes from (ads, its own api_config_source, a file).</summary>
    public Envoy.Config.Core.V3.ConfigSource? RdsConfigSource { get; init; }

    /// <summary>rds.config_source.initial_fetch_timeout: 15 s when unset, zero for no limit (Envoy's meaning).</summary>
    public TimeSpan RdsInitialFetchTimeout => Proxy.Config.ConfigSourceTimeouts.InitialFetchTimeout(RdsConfigSource);

    /// <summary>The http_filters in order, router excluded (it always runs last).</summary>
    public IReadOnlyList<HttpFilterEntry> HttpFilters { get; init; } = [];

    public RouterSettings Router { get; init; } = new();

    public CodecSettings Codec { get; init; } = new();

    /// <summary>server_name (default "envoy").</summary>
    public string ServerName { get; init; } = "envoy";

    public ServerHeaderTransformation ServerHeaderTransformation { get; init; }

    public HeadersWithUnderscoresAction HeadersWithUnderscoresAction { get; init; }

    /// <summary>stream_idle_timeout (default 5 min); zero disables.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>request_timeout (default none): the whole request must arrive within it, else 408.</summary>
    public TimeSpan RequestTimeout { get; init; }

    /// <summary>common_http_protocol_options.max_stream_duration (default none).</summary>
    public TimeSpan MaxStreamDuration { get; init; }

    /// <summary>drain_timeout (default 5 s): between the GOAWAY/Connection: close and closing on drain.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool UseRemoteAddress { get; init; }

    public int XffNumTrustedHops { get; init; }

    public bool SkipXffAppend { get; init; }

    /// <summary>via: appended to Via on requests and responses when set.</summary>
    public string? Via { get; init; }

    /// <summary>internal_address_config.cidr_ranges; empty = RFC 1918 / RFC 4193 and loopback.</summary>
    public IReadOnlyList<CidrRange> InternalCidrRanges { get; init; } = [];

    public bool UnixSocketsAreInternal { get; init; }

    /// <summary>generate_request_id (default true).</summary>
    public bool GenerateRequestId { get; init; } = true;

    public bool PreserveExternalRequestId { get; init; }

    public bool AlwaysSetRequestIdInResponse { get; init; }

    /// <summary>forward_client_cert_details: SANITIZE (default) removes x-forwarded-client-cert.</summary>
    public bool SanitizeClientCert { get; init; } = true;

    /// <summary>normalize_path: RFC 3986 §6 normalization of :path before routing and forwarding.</summary>
    public bool NormalizePath { get; init; }

    public bool MergeSlashes { get; init; }

    /// <summary>Runtime feature deciding what a '#' in the request path gets (Envoy's maybeNormalizePath).</summary>
    public const string RejectPathWithFragmentFeature = "envoy.reloadable_features.http_reject_path_with_fragment";

    /// <summary>
    /// True (Envoy's default): a path with a fragment ('#', which clients never send) gets 400
    /// path_normalization_failed. False (Istio's bootstrap sets the runtime flag so): the fragment is cut off
    /// before routing, RBAC and forwarding, so "/admin#x" is "/admin" for every rule.
    /// </summary>
    public bool RejectPathWithFragment { get; init; } = true;

    public PathWithEscapedSlashesAction PathWithEscapedSlashesAction { get; init; }

    public bool StripMatchingHostPort { get; init; }

    public bool StripAnyHostPort { get; init; }

    public bool StripTrailingHostDot { get; init; }

    public IReadOnlyList<UpgradeSettings> Upgrades { get; init; } = [];

    /// <summary>add_user_agent: x-envoy-downstream-service-cluster/node from the node's identity.</summary>
    public bool AddUserAgent { get; init; }

    /// <summary>http_protocol_options.accept_http_10.</summary>
    public bool AcceptHttp10 { get; init; }

    public string? DefaultHostForHttp10 { get; init; }

    /// <summary>Access log entries (built by the access log factory).</summary>
    public IReadOnlyList<Proxy.Filters.AccessLog.IAccessLogger> AccessLogs { get; init; } = [];

    public bool IsUpgradeEnabled(string upgradeType)
    {
        foreach (var upgrade in Upgrades)
        {
            if (upgrade.Enabled && string.Equals(upgrade.UpgradeType, upgradeType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
