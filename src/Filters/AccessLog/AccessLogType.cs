namespace Proxy.Filters.AccessLog;

/// <summary>
/// Why an access log entry is written: Envoy's <c>envoy.data.accesslog.v3.AccessLogType</c>, same names and
/// numbers, printed by <c>%ACCESS_LOG_TYPE%</c> and matched by <c>log_type_filter</c>.
/// </summary>
public enum AccessLogType
{
    NotSet = 0,
    TcpUpstreamConnected = 1,
    TcpPeriodic = 2,
    TcpConnectionEnd = 3,
    DownstreamStart = 4,
    DownstreamPeriodic = 5,
    DownstreamEnd = 6,
    UpstreamPoolReady = 7,
    UpstreamPeriodic = 8,
    UpstreamEnd = 9,
    DownstreamTunnelSuccessfullyEstablished = 10,
    UdpTunnelUpstreamConnected = 11,
    UdpPeriodic = 12,
    UdpSessionEnd = 13,
}
