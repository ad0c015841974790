namespace Proxy.Filters.StreamInfo;

/// <summary>
/// Envoy's core response flags (access log <c>%RESPONSE_FLAGS%</c>, Istio's <c>response_flags</c> label).
/// Bit order is the order Envoy prints them in, so formatting walks the bits from low to high.
/// </summary>
[Flags]
public enum ResponseFlags : uint
{
    None = 0,
    FailedLocalHealthCheck = 1u << 0,        // LH
    NoHealthyUpstream = 1u << 1,             // UH
    UpstreamRequestTimeout = 1u << 2,        // UT
    LocalReset = 1u << 3,                    // LR
    UpstreamRemoteReset = 1u << 4,           // UR
    UpstreamConnectionFailure = 1u << 5,     // UF
    UpstreamConnectionTermination = 1u << 6, // UC
    UpstreamOverflow = 1u << 7,              // UO
    NoRouteFound = 1u << 8,                  // NR
    DelayInjected = 1u << 9,                 // DI
    FaultInjected = 1u << 10,                // FI
    RateLimited = 1u << 11,                  // RL
    UnauthorizedExternalService = 1u << 12,  // UAEX
    RateLimitServiceError = 1u << 13,        // RLSE
    DownstreamConnectionTermination = 1u << 14, // DC
    UpstreamRetryLimitExceeded = 1u << 15,   // URX
    StreamIdleTimeout = 1u << 16,            // SI
    InvalidEnvoyRequestHeaders = 1u << 17,   // IH
    DownstreamProtocolError = 1u << 18,      // DPE
    UpstreamMaxStreamDurationReached = 1u << 19, // UMSDR
    ResponseFromCacheFilter = 1u << 20,      // RFCF
    NoFilterConfigFound = 1u << 21,          // NFCF
    DurationTimeout = 1u << 22,              // DT
    UpstreamProtocolError = 1u << 23,        // UPE
    NoClusterFound = 1u << 24,               // NC
    OverloadManager = 1u << 25,              // OM
    DnsResolutionFailed = 1u << 26,          // DF
    DropOverload = 1u << 27,                 // DO
    DownstreamRemoteReset = 1u << 28,        // DR
}
