namespace Proxy.Http.ConnectionManager;

/// <summary>envoy.extensions.filters.http.router.v3.Router, the terminal HTTP filter.</summary>
internal sealed record RouterSettings
{
    /// <summary>suppress_envoy_headers: no x-envoy-upstream-service-time / x-envoy-expected-rq-timeout-ms.</summary>
    public bool SuppressEnvoyHeaders { get; init; }

    /// <summary>respect_expected_rq_timeout: honour x-envoy-expected-rq-timeout-ms from a trusted downstream.</summary>
    public bool RespectExpectedRequestTimeout { get; init; }
}
