using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog;

/// <summary>What access loggers are built with: the server's shared files, the clock and randomness.</summary>
public sealed class AccessLogFactoryContext
{
    private FormatterOptions? _formatterOptions;

    public AccessLogFactoryContext(AccessLogFileManager files)
    {
        Files = files;
        TimeProvider = files.Clock;
    }

    /// <summary>The server's access log files (Envoy's AccessLogManager).</summary>
    public AccessLogFileManager Files { get; }

    /// <summary><c>--file-flush-interval-msec</c>, as the file manager was created with.</summary>
    public TimeSpan FileFlushInterval => Files.FlushInterval;

    public TimeProvider TimeProvider { get; init; }

    /// <summary>Randomness for runtime_filter sampling and %UNIQUE_ID%; must be thread-safe (<see cref="Random.Shared"/>) outside tests.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Options for the formats; by default built from <see cref="TimeProvider"/> and <see cref="Random"/>.</summary>
    public FormatterOptions FormatterOptions
    {
        get => _formatterOptions ??= new FormatterOptions { TimeProvider = TimeProvider, Random = Random };
        init => _formatterOptions = value;
    }
}
