using Proxy.Filters.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Http.ConnectionManager;

/// <summary>The local replies the connection manager and router send, with Envoy's bodies and details.</summary>
internal static class LocalReplies
{
    public static readonly LocalReply RouteNotFound = new(404, "", ResponseFlags.NoRouteFound, "route_not_found");
    public static readonly LocalReply NoHealthyUpstream = new(503, "no healthy upstream", ResponseFlags.NoHealthyUpstream, "no_healthy_upstream");
    public static readonly LocalReply ConnectionFailure = new(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure", ResponseFlags.UpstreamConnectionFailure, "upstream_reset_before_response_started{connection_failure}");
    public static readonly LocalReply ConnectionTermination = new(503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination", ResponseFlags.UpstreamConnectionTermination, "upstream_reset_before_response_started{connection_termination}");
    public static readonly LocalReply RemoteReset = new(503, "upstream connect error or disconnect/reset before headers. reset reason: remote reset", ResponseFlags.UpstreamRemoteReset, "upstream_reset_before_response_started{remote_reset}");
    public static readonly LocalReply ProtocolError = new(503, "upstream connect error or disconnect/reset before headers. reset reason: protocol error", ResponseFlags.UpstreamProtocolError, "upstream_reset_before_response_started{protocol_error}");
    public static readonly LocalReply Overflow = new(503, "upstream connect error or disconnect/reset before headers. reset reason: overflow", ResponseFlags.UpstreamOverflow, "upstream_reset_before_response_started{overflow}");
    public static readonly LocalReply Timeout = new(504, "upstream request timeout", ResponseFlags.UpstreamRequestTimeout, "upstream_response_timeout");
    public static readonly LocalReply UpgradeFailed = new(403, "", ResponseFlags.None, "upgrade_failed");
    public static readonly LocalReply Http10NotAllowed = new(426, "", ResponseFlags.None, "low_version");
    public static readonly LocalReply UnderscoreHeader = new(400, "", ResponseFlags.InvalidEnvoyRequestHeaders, "http1.invalid_characters");
    /// <summary>A path refused: a fragment, escaped slashes when rejected, dot segments above the root.</summary>
    public static readonly LocalReply PathNormalizationFailed = new(400, "", ResponseFlags.None, "path_normalization_failed");
    public static readonly LocalReply ContentLengthAndChunked = new(400, "Bad Request", ResponseFlags.DownstreamProtocolError, "http1.content_length_and_chunked_not_allowed");
    public static readonly LocalReply MissingHost = new(400, "", ResponseFlags.DownstreamProtocolError, "missing_host_header");
    public static readonly LocalReply RequestTimeout = new(408, "request timeout", ResponseFlags.None, "request_overall_timeout");
    public static readonly LocalReply StreamIdleTimeout = new(408, "stream timeout", ResponseFlags.StreamIdleTimeout, "stream_idle_timeout");

    public static LocalReply ClusterNotFound(int status) => new(status, "", ResponseFlags.NoClusterFound, "cluster_not_found");
}
