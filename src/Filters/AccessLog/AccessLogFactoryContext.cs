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

    /// <summary>The gRPC channel to a cluster by name (gRPC access log service); null: not reachable (validate mode).</summary>
    public Func<string, Proxy.Xds.Grpc.GrpcChannel?> GrpcChannels { get; init; } = static _ => null;

    /// <summary>The node sent in the identifier of gRPC access log streams.</summary>
    public Envoy.Config.Core.V3.Node Node { get; init; } = new();

    /// <summary>gRPC access log streams shared by every logger with the same cluster, log_name and kind (Envoy's logger cache).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Grpc.GrpcLogStream> GrpcStreams { get; } = new(StringComparer.Ordinal);

    /// <summary>Options for the formats; by default built from <see cref="TimeProvider"/> and <see cref="Random"/>.</summary>
    public FormatterOptions FormatterOptions
    {
        get => _formatterOptions ??= new FormatterOptions { TimeProvider = TimeProvider, Random = Random };
        init => _formatterOptions = value;
    }
}
