namespace Proxy.Cli;

/// <summary>
/// Every flag of Envoy's command line (source/server/options_impl.cc, in its order, plus the ones TCLAP adds),
/// so that any Envoy command line pilot-agent or a user writes is accepted. There is no
/// <c>--ignore-unknown-flags</c>: Envoy has none.
/// </summary>
internal static class CommandLineFlags
{
    public static IReadOnlyList<CommandLineFlag> All { get; } =
    [
        new("--base-id", null, FlagKind.Value, "uint32_t", "Base ID so that multiple envoys can run on the same host if needed",
            (o, f, v) => o with { BaseId = FlagValues.UInt32(f, v) }),
        new("--use-dynamic-base-id", null, FlagKind.Switch, string.Empty, "The server chooses a base ID dynamically",
            (o, _, _) => o with { UseDynamicBaseId = true }),
        new("--skip-hot-restart-on-no-parent", null, FlagKind.Switch, string.Empty, "Start normally when the hot-restart parent is gone",
            (o, _, _) => o with { SkipHotRestartOnNoParent = true }),
        new("--skip-hot-restart-parent-stats", null, FlagKind.Switch, string.Empty, "Do not import the hot-restart parent's stats",
            (o, _, _) => o with { SkipHotRestartParentStats = true }),
        new("--base-id-path", null, FlagKind.Value, "string", "Path to which the base ID is written",
            (o, _, v) => o with { BaseIdPath = v }),
        new("--concurrency", null, FlagKind.Value, "uint32_t", "# of worker threads to run",
            (o, f, v) => o with { Concurrency = Math.Max(1u, FlagValues.UInt32(f, v)) }),
        new("--config-path", "-c", FlagKind.Value, "string", "Path to configuration file",
            (o, _, v) => o with { ConfigPath = v }),
        new("--config-yaml", null, FlagKind.Value, "string", "Inline YAML configuration, merges with the contents of --config-path",
            (o, _, v) => o with { ConfigYaml = v }),
        new("--allow-unknown-fields", null, FlagKind.Switch, string.Empty, "Allow unknown fields in static configuration (DEPRECATED)",
            (o, _, _) => o with { AllowUnknownStaticFields = true }),
        new("--allow-unknown-static-fields", null, FlagKind.Switch, string.Empty, "Allow unknown fields in static configuration",
            (o, _, _) => o with { AllowUnknownStaticFields = true }),
        new("--reject-unknown-dynamic-fields", null, FlagKind.Switch, string.Empty, "Reject unknown fields in dynamic configuration",
            (o, _, _) => o with { RejectUnknownDynamicFields = true }),
        new("--ignore-unknown-dynamic-fields", null, FlagKind.Switch, string.Empty, "Ignore unknown fields in dynamic configuration",
            (o, _, _) => o with { IgnoreUnknownDynamicFields = true }),
        new("--skip-deprecated-logs", null, FlagKind.Switch, string.Empty, "Skip logging of deprecated fields",
            (o, _, _) => o with { SkipDeprecatedLogs = true }),
        new("--log-stacktrace-single-entry", null, FlagKind.Switch, string.Empty, "Log a stack trace as one entry",
            (o, _, _) => o with { LogStacktraceSingleEntry = true }),
        new("--admin-address-path", null, FlagKind.Value, "string", "Admin address path",
            (o, _, v) => o with { AdminAddressPath = v }),
        new("--local-address-ip-version", null, FlagKind.Value, "string", "The local IP address version (v4 or v6)",
            (o, f, v) => o with { LocalAddressIpVersion = FlagValues.Choice(f, v, ("v4", IpVersion.V4), ("v6", IpVersion.V6)) }),
        new("--log-level", "-l", FlagKind.Value, "string", "Log level: [trace][debug][info][warning|warn][error][critical][off], default info",
            (o, f, v) => o with { LogLevel = FlagValues.Level(f, v) }),
        new("--component-log-level", null, FlagKind.Value, "string", "Comma separated list of component log levels, e.g. upstream:debug,config:trace",
            (o, f, v) => o with { ComponentLogLevels = FlagValues.ComponentLevels(f, v), ComponentLogLevelText = v }),
        new("--log-format", null, FlagKind.Value, "string", "Log message format in spdlog syntax, default \"" + Logging.LogPattern.DefaultFormat + "\"",
            (o, _, v) => o with { LogFormat = v, LogFormatSet = true }),
        new("--log-format-escaped", null, FlagKind.Switch, string.Empty, "Escape c-style escape sequences in the application logs",
            (o, _, _) => o with { LogFormatEscaped = true }),
        new("--enable-fine-grain-logging", null, FlagKind.Switch, string.Empty, "Logger mode: enable file level log control (accepted; levels stay per component)",
            (o, _, _) => o with { EnableFineGrainLogging = true }),
        new("--log-path", null, FlagKind.Value, "string", "Path to logfile",
            (o, _, v) => o with { LogPath = v }),
        new("--restart-epoch", null, FlagKind.Value, "uint32_t", "Hot restart epoch #",
            (o, f, v) => o with { RestartEpoch = FlagValues.UInt32(f, v) }),
        new("--hot-restart-version", null, FlagKind.Switch, string.Empty, "Hot restart compatibility version",
            (o, _, _) => o with { HotRestartVersion = true }),
        new("--service-cluster", null, FlagKind.Value, "string", "Cluster name",
            (o, _, v) => o with { ServiceCluster = v }),
        new("--service-node", null, FlagKind.Value, "string", "Node name",
            (o, _, v) => o with { ServiceNode = v }),
        new("--service-zone", null, FlagKind.Value, "string", "Zone name",
            (o, _, v) => o with { ServiceZone = v }),
        new("--file-flush-interval-msec", null, FlagKind.Value, "uint32_t", "Interval for log flushing in msec, default 10000",
            (o, f, v) => o with { FileFlushInterval = TimeSpan.FromMilliseconds(FlagValues.UInt32(f, v)) }),
        new("--file-flush-min-size-kb", null, FlagKind.Value, "uint32_t", "Minimum size in KB of buffered log data before a flush, default 64",
            (o, f, v) => o with { FileFlushMinSizeKb = FlagValues.UInt32(f, v) }),
        new("--drain-time-s", null, FlagKind.Value, "uint32_t", "Hot restart and LDS removal drain time in seconds, default 600",
            (o, f, v) => o with { DrainTime = TimeSpan.FromSeconds(FlagValues.UInt32(f, v)) }),
        new("--drain-strategy", null, FlagKind.Value, "string", "Drain sequence behaviour, one of 'gradual' (default) or 'immediate'",
            (o, f, v) => o with { DrainStrategy = FlagValues.Choice(f, v, ("gradual", DrainStrategy.Gradual), ("immediate", DrainStrategy.Immediate)) }),
        new("--parent-shutdown-time-s", null, FlagKind.Value, "uint32_t", "Hot restart parent shutdown time in seconds, default 900",
            (o, f, v) => o with { ParentShutdownTime = TimeSpan.FromSeconds(FlagValues.UInt32(f, v)) }),
        new("--mode", null, FlagKind.Value, "string", "One of 'serve' (default; validate configs and then serve traffic normally), 'validate' (validate configs and exit) or 'init_only'",
            (o, f, v) => o with { Mode = FlagValues.Choice(f, v, ("serve", ProxyMode.Serve), ("validate", ProxyMode.Validate), ("init_only", ProxyMode.InitOnly)) }),
        new("--disable-hot-restart", null, FlagKind.Switch, string.Empty, "Disable hot restart functionality",
            (o, _, _) => o with { DisableHotRestart = true }),
        new("--enable-mutex-tracing", null, FlagKind.Switch, string.Empty, "Enable mutex contention tracing functionality",
            (o, _, _) => o with { EnableMutexTracing = true }),
        new("--cpuset-threads", null, FlagKind.Switch, string.Empty, "Get the default # of worker threads from cpuset size",
            (o, _, _) => o with { CpusetThreads = true }),
        new("--disable-extensions", null, FlagKind.Value, "string", "Comma-separated list of extensions to disable",
            (o, _, v) => o with { DisabledExtensions = v.Length == 0 ? [] : v.Split(',') }),
        new("--socket-path", null, FlagKind.Value, "string", "Path to hot restart socket file",
            (o, _, v) => o with { SocketPath = v }),
        new("--socket-mode", null, FlagKind.Value, "string", "Socket file permission",
            (o, f, v) => o with { SocketMode = FlagValues.Octal(f, v) }),
        new("--enable-core-dump", null, FlagKind.Switch, string.Empty, "Enable core dumps",
            (o, _, _) => o with { EnableCoreDump = true }),
        new("--stats-tag", null, FlagKind.Multi, "string", "Universal tag for all stats, 'tag:value' (repeatable)",
            (o, f, v) => o with { StatsTags = [.. o.StatsTags, FlagValues.Tag(f, v)] }),
        new("--ignore_rest", null, FlagKind.Switch, string.Empty, "Ignores the rest of the labeled arguments following this flag (also --)",
            (o, _, _) => o),
        new("--version", null, FlagKind.Switch, string.Empty, "Displays version information and exits",
            (o, _, _) => o with { Version = true }),
        new("--help", "-h", FlagKind.Switch, string.Empty, "Displays usage information and exits",
            (o, _, _) => o with { Help = true }),
    ];

    private static readonly Dictionary<string, CommandLineFlag> BySpelling = Index();

    public static CommandLineFlag? Find(string spelling) => BySpelling.GetValueOrDefault(spelling);

    private static Dictionary<string, CommandLineFlag> Index()
    {
        var index = new Dictionary<string, CommandLineFlag>(StringComparer.Ordinal);
        foreach (var flag in All)
        {
            index.Add(flag.Long, flag);
            if (flag.Short is not null)
            {
                index.Add(flag.Short, flag);
            }
        }

        return index;
    }
}
