namespace Proxy.Routing.Actions;

/// <summary>
/// Conditions of RetryPolicy.retry_on, named as in Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on
/// headers. Unknown names are ignored, as Envoy's <c>RetryStateImpl::parseRetryOn</c> does for route config.
/// </summary>
[Flags]
public enum RetryOn
{
    None = 0,

    /// <summary>"5xx".</summary>
    FiveXx = 1 << 0,

    /// <summary>"gateway-error": 502, 503, 504.</summary>
    GatewayError = 1 << 1,

    /// <summary>"reset".</summary>
    Reset = 1 << 2,

    /// <summary>"connect-failure".</summary>
    ConnectFailure = 1 << 3,

    /// <summary>"envoy-ratelimited".</summary>
    EnvoyRateLimited = 1 << 4,

    /// <summary>"retriable-4xx": 409.</summary>
    Retriable4xx = 1 << 5,

    /// <summary>"refused-stream".</summary>
    RefusedStream = 1 << 6,

    /// <summary>"retriable-status-codes".</summary>
    RetriableStatusCodes = 1 << 7,

    /// <summary>"retriable-headers".</summary>
    RetriableHeaders = 1 << 8,

    /// <summary>"http3-post-connect-failure".</summary>
    Http3PostConnectFailure = 1 << 9,

    /// <summary>"reset-before-request".</summary>
    ResetBeforeRequest = 1 << 10,

    /// <summary>gRPC "cancelled".</summary>
    GrpcCancelled = 1 << 16,

    /// <summary>gRPC "deadline-exceeded".</summary>
    GrpcDeadlineExceeded = 1 << 17,

    /// <summary>gRPC "resource-exhausted".</summary>
    GrpcResourceExhausted = 1 << 18,

    /// <summary>gRPC "unavailable".</summary>
    GrpcUnavailable = 1 << 19,

    /// <summary>gRPC "internal".</summary>
    GrpcInternal = 1 << 20,
}
