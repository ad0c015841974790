using Proxy.Routing.Matching;

namespace Proxy.Authz;

/// <summary>envoy.extensions.filters.http.ext_authz.v3.ExtAuthz, validated (gRPC service only).</summary>
internal sealed record ExtAuthzSettings
{
    /// <summary>The cluster of <c>grpc_service.envoy_grpc</c>, resolved per check (it may arrive later by CDS).</summary>
    public required string Cluster { get; init; }

    /// <summary><c>grpc_service.timeout</c>; 200 ms when unset, as Envoy's ext_authz.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(200);

    public bool FailureModeAllow { get; init; }

    public bool FailureModeAllowHeaderAdd { get; init; }

    /// <summary><c>status_on_error</c>; 403 when unset.</summary>
    public int StatusOnError { get; init; } = 403;

    /// <summary><c>filter_enabled_metadata</c>: the check runs only when it matches.</summary>
    public MetadataCondition? EnabledMetadata { get; init; }

    /// <summary><c>with_request_body.max_request_bytes</c>; null sends no body.</summary>
    public int? MaxRequestBytes { get; init; }

    public bool AllowPartialMessage { get; init; }

    public bool PackAsBytes { get; init; }

    /// <summary><c>allowed_headers</c>: only matching request headers are sent; null sends all.</summary>
    public StringMatcher[]? AllowedHeaders { get; init; }
}
