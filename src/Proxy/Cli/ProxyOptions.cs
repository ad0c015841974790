using Microsoft.Extensions.Logging;
using Proxy.Logging;

namespace Proxy.Cli;

/// <summary>
/// The parsed command line: Envoy's flags (https://www.envoyproxy.io/docs/envoy/latest/operations/cli) with
/// Envoy's defaults. Immutable; built by <see cref="CommandLineParser.Parse"/>. Flags that only matter for hot
/// restart, which this proxy does not do, are kept so that pilot-agent's command lines are accepted.
/// </summary>
public sealed record ProxyOptions
{
    /// <summary>-c / --config-path: the bootstrap file (JSON; YAML by .yaml/.yml; binary proto by .pb).</summary>
    public string ConfigPath { get; init; } = string.Empty;

    /// <summary>--config-yaml: bootstrap YAML merged over the file's.</summary>
    public string ConfigYaml { get; init; } = string.Empty;

    /// <summary>--mode serve|validate|init_only.</summary>
    public ProxyMode Mode { get; init; } = ProxyMode.Serve;

    /// <summary>-l / --log-level (default info).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>--component-log-level a:debug,b:trace, parsed and validated, in command-line order.</summary>
    public IReadOnlyList<KeyValuePair<string, LogLevel>> ComponentLogLevels { get; init; } = [];

    /// <summary>--component-log-level as given (for /server_info's command_line_options).</summary>
    public string ComponentLogLevelText { get; init; } = string.Empty;

    /// <summary>--log-format.</summary>
    public string LogFormat { get; init; } = LogPattern.DefaultFormat;

    /// <summary>Whether --log-format was given; the bootstrap may then not set application_log_config.log_format.</summary>
    public bool LogFormatSet { get; init; }

    /// <summary>--log-format-escaped: C-escape each log line.</summary>
    public bool LogFormatEscaped { get; init; }

    /// <summary>--log-path: application log file; empty for stderr.</summary>
    public string LogPath { get; init; } = string.Empty;

    /// <summary>--enable-fine-grain-logging (accepted; loggers stay per component).</summary>
    public bool EnableFineGrainLogging { get; init; }

    /// <summary>--skip-deprecated-logs.</summary>
    public bool SkipDeprecatedLogs { get; init; }

    /// <summary>--log-stacktrace-single-entry.</summary>
    public bool LogStacktraceSingleEntry { get; init; }

    /// <summary>--concurrency (default: the number of processors; at least 1).</summary>
    public uint Concurrency { get; init; } = (uint)Math.Max(1, Environment.ProcessorCount);

    /// <summary>--cpuset-threads.</summary>
    public bool CpusetThreads { get; init; }

    /// <summary>--drain-time-s (default 600 s).</summary>
    public TimeSpan DrainTime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>--drain-strategy gradual|immediate.</summary>
    public DrainStrategy DrainStrategy { get; init; } = DrainStrategy.Gradual;

    /// <summary>--parent-shutdown-time-s (default 900 s).</summary>
    public TimeSpan ParentShutdownTime { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>--local-address-ip-version v4|v6.</summary>
    public IpVersion LocalAddressIpVersion { get; init; } = IpVersion.V4;

    /// <summary>--service-cluster: overrides node.cluster when non-empty.</summary>
    public string ServiceCluster { get; init; } = string.Empty;

    /// <summary>--service-node: overrides node.id when non-empty.</summary>
    public string ServiceNode { get; init; } = string.Empty;

    /// <summary>--service-zone: overrides node.locality.zone when non-empty.</summary>
    public string ServiceZone { get; init; } = string.Empty;

    /// <summary>--allow-unknown-static-fields (or the deprecated --allow-unknown-fields).</summary>
    public bool AllowUnknownStaticFields { get; init; }

    /// <summary>--reject-unknown-dynamic-fields.</summary>
    public bool RejectUnknownDynamicFields { get; init; }

    /// <summary>--ignore-unknown-dynamic-fields.</summary>
    public bool IgnoreUnknownDynamicFields { get; init; }

    /// <summary>--file-flush-interval-msec (default 10000 ms): access-log flush interval.</summary>
    public TimeSpan FileFlushInterval { get; init; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>--file-flush-min-size-kb (default 64): access-log buffer size that forces a flush.</summary>
    public uint FileFlushMinSizeKb { get; init; } = 64;

    /// <summary>--admin-address-path: file to write the admin address to.</summary>
    public string AdminAddressPath { get; init; } = string.Empty;

    /// <summary>--disable-hot-restart.</summary>
    public bool DisableHotRestart { get; init; }

    /// <summary>--base-id.</summary>
    public uint BaseId { get; init; }

    /// <summary>--use-dynamic-base-id.</summary>
    public bool UseDynamicBaseId { get; init; }

    /// <summary>--base-id-path.</summary>
    public string BaseIdPath { get; init; } = string.Empty;

    /// <summary>--restart-epoch.</summary>
    public uint RestartEpoch { get; init; }

    /// <summary>--skip-hot-restart-on-no-parent.</summary>
    public bool SkipHotRestartOnNoParent { get; init; }

    /// <summary>--skip-hot-restart-parent-stats.</summary>
    public bool SkipHotRestartParentStats { get; init; }

    /// <summary>--socket-path (hot restart domain socket).</summary>
    public string SocketPath { get; init; } = "@envoy_domain_socket";

    /// <summary>--socket-mode (octal; default 600).</summary>
    public uint SocketMode { get; init; } = Convert.ToUInt32("600", 8);

    /// <summary>--enable-mutex-tracing.</summary>
    public bool EnableMutexTracing { get; init; }

    /// <summary>--enable-core-dump.</summary>
    public bool EnableCoreDump { get; init; }

    /// <summary>--disable-extensions a/b,c/d.</summary>
    public IReadOnlyList<string> DisabledExtensions { get; init; } = [];

    /// <summary>--stats-tag name:value (repeatable).</summary>
    public IReadOnlyList<StatsTag> StatsTags { get; init; } = [];

    /// <summary>--hot-restart-version: print the hot-restart compatibility version and exit.</summary>
    public bool HotRestartVersion { get; init; }

    /// <summary>-h / --help: print usage and exit 0.</summary>
    public bool Help { get; init; }

    /// <summary>--version: print the version and exit 0.</summary>
    public bool Version { get; init; }

    /// <summary>The logging settings these options ask for.</summary>
    public LogSettings ToLogSettings() =>
        new(LogLevel, ComponentLogLevels, LogFormat, LogFormatSet, LogFormatEscaped, LogPath);
}
