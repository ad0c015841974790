using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>The logging half of the command line (-l, --component-log-level, --log-format, --log-path, ...).</summary>
/// <param name="Level">-l / --log-level: every component's initial level.</param>
/// <param name="ComponentLevels">--component-log-level, applied after <paramref name="Level"/>.</param>
/// <param name="Format">--log-format, or <see cref="LogPattern.DefaultFormat"/>.</param>
/// <param name="FormatSet">Whether --log-format was given (then bootstrap application_log_config.log_format is an error).</param>
/// <param name="FormatEscaped">--log-format-escaped.</param>
/// <param name="LogPath">--log-path; empty for stderr.</param>
public sealed record LogSettings(
    LogLevel Level,
    IReadOnlyList<KeyValuePair<string, LogLevel>> ComponentLevels,
    string Format,
    bool FormatSet,
    bool FormatEscaped,
    string LogPath)
{
    public static LogSettings Default { get; } = new(LogLevel.Information, [], LogPattern.DefaultFormat, false, false, string.Empty);
}
