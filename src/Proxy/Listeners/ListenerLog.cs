using Microsoft.Extensions.Logging;

namespace Proxy.Listeners;

/// <summary>The listener layer's log lines (Envoy components "conn_handler" and "filter").</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "listener '{Name}' listening on {Address}")]
    public static partial void Listening(ILogger logger, string name, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] new connection from {Remote} on listener '{Name}'")]
    public static partial void Accepted(ILogger logger, ulong connectionId, string remote, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] original destination hands the connection from listener '{From}' to '{To}'")]
    public static partial void HandedOff(ILogger logger, ulong connectionId, string from, string to);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] closing connection: no matching filter chain found on listener '{Name}'")]
    public static partial void NoFilterChain(ILogger logger, ulong connectionId, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] listener filter timeout on listener '{Name}'")]
    public static partial void ListenerFilterTimeout(ILogger logger, ulong connectionId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[C{ConnectionId}] closing connection: filter chain '{Chain}' uses {Refusal}, which this proxy does not run yet")]
    public static partial void RefusedChain(ILogger logger, ulong connectionId, string chain, string refusal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "[C{ConnectionId}] closing connection: network filter '{Filter}' denied it ({Details})")]
    public static partial void RbacDenied(ILogger logger, ulong connectionId, string filter, string details);

    [LoggerMessage(Level = LogLevel.Error, Message = "listener '{Name}': accept failed")]
    public static partial void AcceptFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "[C{ConnectionId}] connection handling failed")]
    public static partial void HandlerFailed(ILogger logger, ulong connectionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "listener '{Name}' removed or replaced: draining its connections for up to {Seconds} s")]
    public static partial void Draining(ILogger logger, string name, double seconds);
}
