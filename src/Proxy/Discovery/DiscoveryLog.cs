using Microsoft.Extensions.Logging;

namespace Proxy.Discovery;

/// <summary>Log lines of the dynamic configuration (Envoy's "upstream", "config" and "lds"/"rds" components).</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "cds: cluster '{Name}' warmed: its endpoints arrived")]
    public static partial void ClusterWarmed(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cds: cluster '{Name}' initialized without endpoints: none arrived within initial_fetch_timeout ({Seconds} s)")]
    public static partial void ClusterWarmingTimedOut(ILogger logger, string name, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "cds: removing cluster '{Name}'")]
    public static partial void ClusterRemoved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "lds: listener '{Name}' {Action}")]
    public static partial void ListenerChanged(ILogger logger, string name, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lds: listener '{Name}' started without {Missing}: not received within initial_fetch_timeout ({Seconds} s)")]
    public static partial void ListenerWarmingTimedOut(ILogger logger, string name, string missing, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "lds: listener '{Name}' could not start: {Message}")]
    public static partial void ListenerFailed(ILogger logger, string name, string message);
}
