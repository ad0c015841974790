using Microsoft.Extensions.Logging;

namespace Proxy.Router;

/// <summary>The router's log lines (Envoy component "router").</summary>
internal static partial class RouterLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] cluster '{Cluster}' match for URL '{Path}'")]
    public static partial void ClusterMatch(ILogger logger, ulong connectionId, string cluster, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] upstream request to {Host} failed: {Flag} ({Reason})")]
    public static partial void UpstreamFailed(ILogger logger, ulong connectionId, string host, string flag, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] no healthy host for cluster '{Cluster}'")]
    public static partial void NoHealthyHost(ILogger logger, ulong connectionId, string cluster);
}
