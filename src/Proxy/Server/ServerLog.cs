using Microsoft.Extensions.Logging;

namespace Proxy.Server;

/// <summary>The server's log lines (Envoy component "main").</summary>
internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "starting proxy {Version} (node '{Node}', cluster '{Cluster}')")]
    public static partial void Starting(ILogger logger, string version, string node, string cluster);

    [LoggerMessage(Level = LogLevel.Information, Message = "all listeners started; server is LIVE")]
    public static partial void Live(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "start-up pages given back: {Mappings} file mappings advised, resident file pages {BeforeKiB} KiB -> {AfterKiB} KiB")]
    public static partial void StartupPagesReleased(ILogger logger, int mappings, long beforeKiB, long afterKiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}: draining for up to {Seconds} s")]
    public static partial void Draining(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "exiting")]
    public static partial void Exiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Critical, Message = "error initializing configuration: {Error}")]
    public static partial void ConfigError(ILogger logger, string error);
}
