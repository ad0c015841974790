namespace Proxy.Filters.Formatting;

/// <summary>String fields of the stream; an unset or empty one prints "-".</summary>
internal enum TextField
{
    Protocol,
    UpstreamProtocol,
    ResponseCodeDetails,
    ResponseCodeDetailsWithWhitespace,
    ConnectionTerminationDetails,
    ResponseFlags,
    ResponseFlagsLong,
    UpstreamHost,
    UpstreamCluster,
    UpstreamTransportFailureReason,
    RequestedServerName,
    RouteName,
    FilterChainName,
    StreamId,
    AccessLogType,
    LocalReplyBody,
}
