using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>
/// Envoy-like application logging for Microsoft.Extensions.Logging: one line per event in the
/// <c>--log-format</c> pattern, to stderr or <c>--log-path</c>, filtered by the per-component levels of
/// <see cref="Levels"/> (which admin <c>/logging</c> changes live). Categories map to Envoy components
/// through <see cref="LoggerComponents.ForCategory"/>.
/// </summary>
public sealed class EnvoyLoggerProvider : ILoggerProvider
{
    [ThreadStatic]
    private static StringBuilder? t_line;

    private readonly ConcurrentDictionary<string, EnvoyLogger> _loggers = new(StringComparer.Ordinal);
    private readonly LogSink _sink;
    private readonly TimeProvider _time;
    private readonly bool _escape;
    private volatile LogPattern _pattern;

    public EnvoyLoggerProvider(LogLevels levels, LogSink sink, LogPattern pattern, bool escape = false, TimeProvider? time = null)
    {
        Levels = levels;
        _sink = sink;
        _pattern = pattern;
        _escape = escape;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The live per-component levels.</summary>
    public LogLevels Levels { get; }

    /// <summary>The line format; replaced once the bootstrap's application_log_config is known.</summary>
    public LogPattern Pattern
    {
        get => _pattern;
        set => _pattern = value;
    }

    /// <summary>Builds levels, sink and pattern from the command line's logging settings.</summary>
    public static EnvoyLoggerProvider Create(LogSettings settings, TimeProvider? time = null)
    {
        var levels = new LogLevels(settings.Level);
        foreach (var (component, level) in settings.ComponentLevels)
        {
            levels.Set(component, level);
        }

        var sink = settings.LogPath.Length == 0 ? LogSink.StandardError() : LogSink.ForPath(settings.LogPath);
        return new EnvoyLoggerProvider(levels, sink, LogPattern.Parse(settings.Format), settings.FormatEscaped, time);
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new EnvoyLogger(self, LoggerComponents.IndexOf(LoggerComponents.ForCategory(name))), this);

    internal void Write(int component, LogLevel level, string message)
    {
        var line = t_line ??= new StringBuilder(256);
        line.Clear();
        var entry = new LogEntry(_time.GetLocalNow(), level, LoggerComponents.All[component], message, Environment.CurrentManagedThreadId);
        _pattern.Format(entry, line);
        var text = line.ToString();
        _sink.WriteLine(_escape ? LogEscaping.CEscape(text) : text);
    }

    public void Dispose() => _sink.Dispose();
}
