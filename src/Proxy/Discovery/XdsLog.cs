using Microsoft.Extensions.Logging;

namespace Proxy.Discovery;

/// <summary>Log lines of the xDS streams (Envoy's "config" component).</summary>
internal static partial class XdsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "xds: connected to {Source}")]
    public static partial void Connected(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "xds: stream to {Source} closed: {Code}, {Message}; the last accepted configuration keeps serving")]
    public static partial void Disconnected(ILogger logger, string source, int code, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "xds: {Type} version '{Version}' accepted")]
    public static partial void Accepted(ILogger logger, string type, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "xds: {Type} update rejected (NACK), keeping version '{Version}': {Message}")]
    public static partial void Rejected(ILogger logger, string type, string version, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "xds: {Type} from file '{Path}' rejected; the last good configuration keeps serving: {Message}")]
    public static partial void FileRejected(ILogger logger, string type, string path, string message);
}
