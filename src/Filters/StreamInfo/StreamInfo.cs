using System.Net;
using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.StreamInfo;

/// <summary>
/// What happened to one HTTP request or one TCP connection, as Envoy's StreamInfo: timings, response
/// code and flags, upstream picked, bytes. Filled in along the path, read by access logs and stats.
/// One instance is reused per connection (see <see cref="Reset"/>), so nothing here is allocated per request.
/// Timestamps are <see cref="TimeProvider.GetTimestamp"/> values; 0 means "not reached".
/// </summary>
public sealed class StreamInfo
{
    public DateTimeOffset StartTime { get; set; }

    public long StartTimestamp { get; set; }

    public long LastDownstreamRxByteReceived { get; set; }

    public long FirstUpstreamTxByteSent { get; set; }

    public long LastUpstreamTxByteSent { get; set; }

    public long FirstUpstreamRxByteReceived { get; set; }

    public long LastUpstreamRxByteReceived { get; set; }

    public long FirstDownstreamTxByteSent { get; set; }

    public long LastDownstreamTxByteSent { get; set; }

    /// <summary>When the stream ended (response complete, reset or connection closed).</summary>
    public long CompletedTimestamp { get; set; }

    public ResponseFlags ResponseFlags { get; private set; }

    /// <summary>The status sent downstream, or 0 when none was (e.g. the client went away first).</summary>
    public int ResponseCode { get; set; }

    /// <summary>Envoy's response code details (<c>via_upstream</c>, <c>route_not_found</c>, ...).</summary>
    public string? ResponseCodeDetails { get; set; }

    public string? ConnectionTerminationDetails { get; set; }

    /// <summary>"HTTP/1.0", "HTTP/1.1" or "HTTP/2"; null for TCP.</summary>
    public string? Protocol { get; set; }

    public ulong BytesReceived { get; set; }

    public ulong BytesSent { get; set; }

    public string? RouteName { get; set; }

    public string? VirtualHostName { get; set; }

    public string? UpstreamClusterName { get; set; }

    /// <summary>The upstream host as Envoy prints it: "10.0.0.1:8080" or a socket path.</summary>
    public string? UpstreamHost { get; set; }

    public EndPoint? UpstreamLocalAddress { get; set; }

    public string? UpstreamTransportFailureReason { get; set; }

    public EndPoint? DownstreamLocalAddress { get; set; }

    /// <summary>
    /// True when <see cref="DownstreamLocalAddress"/> is the original destination restored by the original_dst
    /// listener filter (Envoy's <c>localAddressRestored()</c>), not the address the proxy accepted on.
    /// </summary>
    public bool DownstreamLocalAddressRestored { get; set; }

    /// <summary>
    /// The connection's original destination when original_dst restored it; null when the connection was not
    /// redirected (what ORIGINAL_DST clusters connect to, and why a direct connection gets no host there).
    /// </summary>
    public IPEndPoint? RestoredLocalAddress => DownstreamLocalAddressRestored ? DownstreamLocalAddress as IPEndPoint : null;

    /// <summary>The client address after X-Forwarded-For processing (use_remote_address / xff_num_trusted_hops).</summary>
    public EndPoint? DownstreamRemoteAddress { get; set; }

    /// <summary>The peer of the TCP connection.</summary>
    public EndPoint? DownstreamDirectRemoteAddress { get; set; }

    public string? RequestedServerName { get; set; }

    public string? ListenerName { get; set; }

    public string? FilterChainName { get; set; }

    public ulong ConnectionId { get; set; }

    public string? RequestId { get; set; }

    public IHeaderDictionary? RequestHeaders { get; set; }

    public IHeaderDictionary? ResponseHeaders { get; set; }

    public IHeaderDictionary? ResponseTrailers { get; set; }

    /// <summary>Upstream attempts made (1 without retries); Envoy's %UPSTREAM_REQUEST_ATTEMPT_COUNT%.</summary>
    public int AttemptCount { get; set; }

    /// <summary>Values filters share for the rest of the stream (Envoy's filter state), created on first use.</summary>
    public Dictionary<string, object> FilterState => _filterState ??= new Dictionary<string, object>(StringComparer.Ordinal);

    public bool HasFilterState => _filterState is { Count: > 0 };

    private Dictionary<string, object>? _filterState;

    private Dictionary<(string Filter, string Key), object>? _dynamicMetadata;

    /// <summary>
    /// Sets one dynamic metadata value (Envoy's per-stream metadata, by filter namespace and key), e.g. the RBAC
    /// filter's <c>shadow_effective_policy_id</c> that ext_authz's <c>filter_enabled_metadata</c> reads.
    /// Values are strings, numbers or booleans.
    /// </summary>
    public void SetDynamicMetadata(string filter, string key, object value) =>
        (_dynamicMetadata ??= new Dictionary<(string, string), object>())[(filter, key)] = value;

    public bool TryGetDynamicMetadata(string filter, string key, out object? value)
    {
        value = null;
        return _dynamicMetadata is not null && _dynamicMetadata.TryGetValue((filter, key), out value);
    }

    public bool HasResponseFlag(ResponseFlags flag) => (ResponseFlags & flag) != 0;

    public void SetResponseFlag(ResponseFlags flag) => ResponseFlags |= flag;

    /// <summary>Clears everything so the instance can serve the next request on the same connection.</summary>
    public void Reset()
    {
        StartTime = default;
        StartTimestamp = 0;
        LastDownstreamRxByteReceived = 0;
        FirstUpstreamTxByteSent = 0;
        LastUpstreamTxByteSent = 0;
        FirstUpstreamRxByteReceived = 0;
        LastUpstreamRxByteReceived = 0;
        FirstDownstreamTxByteSent = 0;
        LastDownstreamTxByteSent = 0;
        CompletedTimestamp = 0;
        ResponseFlags = ResponseFlags.None;
        ResponseCode = 0;
        ResponseCodeDetails = null;
        ConnectionTerminationDetails = null;
        Protocol = null;
        BytesReceived = 0;
        BytesSent = 0;
        RouteName = null;
        VirtualHostName = null;
        UpstreamClusterName = null;
        UpstreamHost = null;
        UpstreamLocalAddress = null;
        UpstreamTransportFailureReason = null;
        RequestedServerName = null;
        RequestId = null;
        RequestHeaders = null;
        ResponseHeaders = null;
        ResponseTrailers = null;
        AttemptCount = 0;
        _filterState?.Clear();
        _dynamicMetadata?.Clear();
    }
}
