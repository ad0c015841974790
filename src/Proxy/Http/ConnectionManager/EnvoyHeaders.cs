namespace Proxy.Http.ConnectionManager;

/// <summary>Header names the connection manager and router read or write (Envoy's "HTTP header manipulation").</summary>
internal static class EnvoyHeaders
{
    public const string ForwardedFor = "x-forwarded-for";
    public const string ForwardedProto = "x-forwarded-proto";
    public const string RequestId = "x-request-id";
    public const string EnvoyInternal = "x-envoy-internal";
    public const string EnvoyExternalAddress = "x-envoy-external-address";
    public const string EnvoyOriginalPath = "x-envoy-original-path";
    public const string EnvoyUpstreamServiceTime = "x-envoy-upstream-service-time";
    public const string EnvoyExpectedRqTimeoutMs = "x-envoy-expected-rq-timeout-ms";
    public const string EnvoyUpstreamRqTimeoutMs = "x-envoy-upstream-rq-timeout-ms";
    public const string EnvoyDownstreamServiceCluster = "x-envoy-downstream-service-cluster";
    public const string EnvoyDownstreamServiceNode = "x-envoy-downstream-service-node";
    public const string ForwardedClientCert = "x-forwarded-client-cert";
    public const string Via = "via";

    /// <summary>
    /// Headers naming the calling service, removed from edge requests only (ConnectionManagerUtility::cleanInternalHeaders).
    /// </summary>
    public static readonly string[] EdgeOnly =
    [
        "x-envoy-decorator-operation",
        "x-envoy-downstream-service-cluster",
        "x-envoy-downstream-service-node",
    ];

    /// <summary>
    /// Retry, timeout and tracing controls removed from every request that is not internal (edge and
    /// intermediate hops alike), since only the mesh may set them.
    /// </summary>
    public static readonly string[] ExternalStripped =
    [
        "x-envoy-expected-rq-timeout-ms",
        "x-envoy-force-trace",
        "x-envoy-hedge-on-per-try-timeout",
        "x-envoy-ip-tags",
        "x-envoy-max-retries",
        "x-envoy-original-url",
        "x-envoy-retriable-header-names",
        "x-envoy-retriable-status-codes",
        "x-envoy-retry-grpc-on",
        "x-envoy-retry-on",
        "x-envoy-upstream-alt-stat-name",
        "x-envoy-upstream-rq-per-try-timeout-ms",
        "x-envoy-upstream-rq-timeout-alt-response",
        "x-envoy-upstream-rq-timeout-ms",
        "x-envoy-upstream-stream-duration-ms",
    ];
}
