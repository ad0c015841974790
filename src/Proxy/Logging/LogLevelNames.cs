using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>
/// Envoy's (spdlog's) level names: trace, debug, info, warning (also "warn" on input), error, critical, off,
/// mapped one to one onto <see cref="LogLevel"/> (off = <see cref="LogLevel.None"/>).
/// </summary>
public static class LogLevelNames
{
    /// <summary>The names in level order, as Envoy's --help lists them.</summary>
    public static IReadOnlyList<string> All { get; } = ["trace", "debug", "info", "warning", "error", "critical", "off"];

    public static bool TryParse(string? name, out LogLevel level)
    {
        switch (name)
        {
            case "trace": level = LogLevel.Trace; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info": level = LogLevel.Information; return true;
            // Envoy's CLI accepts "warn" as well as spdlog's "warning" (OptionsImpl::parseAndValidateLogLevel).
            case "warning" or "warn": level = LogLevel.Warning; return true;
            case "error": level = LogLevel.Error; return true;
            case "critical": level = LogLevel.Critical; return true;
            case "off": level = LogLevel.None; return true;
            default: level = LogLevel.None; return false;
        }
    }

    /// <summary>The name Envoy prints (%l, admin /logging).</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "off",
    };

    /// <summary>spdlog's one-letter level (%L).</summary>
    public static string ShortName(LogLevel level) => level switch
    {
        LogLevel.Trace => "T",
        LogLevel.Debug => "D",
        LogLevel.Information => "I",
        LogLevel.Warning => "W",
        LogLevel.Error => "E",
        LogLevel.Critical => "C",
        _ => "O",
    };
}
