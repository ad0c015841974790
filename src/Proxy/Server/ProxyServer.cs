using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Proxy.Admin;
using Proxy.Bootstrap;
using Proxy.Cli;
using Proxy.Config;
using Proxy.Discovery;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Extensions;
using Proxy.Http;
using Proxy.Http.Codec;
using Proxy.Http.ConnectionManager;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Logging;
using Proxy.Router;
using Proxy.Stats;
using Proxy.Tcp;
using Proxy.Upstream;
using Proxy.Upstream.Dns;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy.Server;

/// <summary>
/// The composition root: builds the runtime from a validated bootstrap (stats, clusters, listeners,
/// codec servers, admin), runs it until SIGTERM or /quitquitquit, then drains: listeners stop accepting,
/// in-flight requests and TCP sessions get up to --drain-time-s, and the process exits 0.
/// </summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly ProxyOptions _options;
    private readonly BootstrapProto _bootstrap;
    private readonly EnvoyLoggerProvider _logs;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _tcpShutdown = new();
    private readonly AccessLogFileManager _accessLogFiles;
    private readonly CodecPool<RequestContext> _codecs;
    private readonly ClusterGrpcChannels _grpcChannels;
    private readonly AccessLogFactoryContext _accessLogContext;
    private ITimer? _statsFlush;

    public ProxyServer(ProxyOptions options, BootstrapProto bootstrap, EnvoyLoggerProvider logs, TimeProvider time)
    {
        _options = options;
        _bootstrap = bootstrap;
        _logs = logs;
        _time = time;
        _loggers = LoggerFactory.Create(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        _logger = _loggers.CreateLogger("Proxy.Server");
        Stats = new StatsStore(StatsConfigTranslator.Translate(bootstrap.StatsConfig, StatsTagsOf(options)));
        Lifecycle = new ServerLifecycle(Stats, time);
        Drain = new DrainDecision(Lifecycle, options.DrainStrategy, options.DrainTime, time, Random.Shared);
        _accessLogFiles = new AccessLogFileManager(time, options.FileFlushInterval, Stats);
        Clusters = new ClusterManager(Stats, time, Random.Shared, new SystemDnsResolver(), _loggers);
        _grpcChannels = new ClusterGrpcChannels(Clusters);
        _accessLogContext = new AccessLogFactoryContext(_accessLogFiles) { TimeProvider = time, GrpcChannels = _grpcChannels.Get, Node = bootstrap.Node ?? new() };
        Runtime = RuntimeLayers.From(bootstrap);
        Translator = new ConfigTranslator(_accessLogContext, Stats, time, Runtime);
        Router = new HttpRouter(Clusters, time, _loggers);
        _codecs = new CodecPool<RequestContext>(new ProxyApplication(), _loggers);
        Admin = new AdminHandler();
        Node = new NodeIdentity(bootstrap.Node?.Id ?? "", bootstrap.Node?.Cluster ?? "");
        ListenerManager = new ListenerManager(Stats, config => new ListenerStats(Stats, config.StatPrefix), options.DrainTime, time, _loggers);
        Routes = new RouteConfigRegistry(Stats);
        Handlers = new ConnectionHandlers(Stats, Router, _codecs, Clusters, Routes, Node, time, Drain, _tcpShutdown.Token, _loggers);
        ServerStats = new ServerStats(Stats, Lifecycle, options.Concurrency, DownstreamConnections);
    }

    public ListenerManager ListenerManager { get; }

    public RouteConfigRegistry Routes { get; }

    public ConnectionHandlers Handlers { get; }

    /// <summary>The xDS side (dynamic_resources), or null when the bootstrap has none.</summary>
    public DynamicConfiguration? Dynamic { get; private set; }

    public StatsStore Stats { get; }

    public ServerLifecycle Lifecycle { get; }

    /// <summary>Whether a response closes its connection while the server drains (--drain-strategy).</summary>
    public DrainDecision Drain { get; }

    /// <summary>server.uptime, server.memory_*, server.total_connections, ... (refresh before reading).</summary>
    public ServerStats ServerStats { get; }

    public ConfigTranslator Translator { get; }

    /// <summary>The bootstrap's layered_runtime (admin /runtime).</summary>
    public RuntimeLayers Runtime { get; }

    public ClusterManager Clusters { get; }

    public HttpRouter Router { get; }

    public AdminHandler Admin { get; }

    public NodeIdentity Node { get; }

    public BootstrapProto Bootstrap => _bootstrap;

    public TimeProvider Time => _time;

    public ProxyOptions Options => _options;

    public EnvoyLoggerProvider Logs => _logs;

    public AccessLogFileManager AccessLogFiles => _accessLogFiles;

    public IReadOnlyList<ActiveListener> Listeners => ListenerManager.Active;

    /// <summary>Builds everything from the bootstrap and starts listening. Throws ConfigException on a bad config.</summary>
    public void Start()
    {
        ServerLog.Starting(_logger, VersionInfo.Version, Node.Id, Node.Cluster);
        Lifecycle.SetState(ServerState.Initializing);

        // 1. Clusters first: listeners' routes refer to them.
        var statics = _bootstrap.StaticResources;
        for (var i = 0; i < (statics?.Clusters.Count ?? 0); i++)
        {
            try
            {
                Clusters.AddOrUpdate(ConfigTranslator.TranslateCluster(statics!.Clusters[i]));
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"static_resources.clusters[{i}]", e);
            }
        }

        // 2. Admin API.
        AdminEndpoints.Register(this);
        if (_bootstrap.Admin?.Address is { } adminAddress)
        {
            var endPoint = AddressTranslator.Translate(adminAddress, "admin.address", out _);
            var admin = new ListenerConfig
            {
                Name = "admin",
                Address = endPoint,
                StatPrefix = "admin",
                ReusePort = false,
                DefaultFilterChain = new FilterChainConfig { Name = "admin" },
            };
            var codec = _codecs.Get(new CodecSettings());
            ListenerManager.AddStatic(admin, _ => new AdminConnectionHandler(Admin, codec), start: true);
        }

        // 3. Listeners.
        for (var i = 0; i < (statics?.Listeners.Count ?? 0); i++)
        {
            ListenerConfig config;
            try
            {
                config = Translator.TranslateListener(statics!.Listeners[i]);
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"static_resources.listeners[{i}]", e);
            }

            ListenerManager.AddStatic(config, Handlers.For(config), start: false);
        }

        ListenerManager.StartAll();
        var flush = _bootstrap.StatsFlushInterval?.ToTimeSpan() ?? TimeSpan.FromSeconds(5);
        _statsFlush = _time.CreateTimer(static s => ((ProxyServer)s!).FlushStats(), this, flush, flush);

        // 4. xDS: the server is live once the first CDS and LDS updates are applied and warmed (Envoy's init).
        // Static resources may name files for their routes or endpoints without any dynamic_resources.
        var dynamicResources = _bootstrap.DynamicResources
            ?? (StaticResourcesReadFiles() ? new Envoy.Config.Bootstrap.V3.Bootstrap.Types.DynamicResources() : null);
        if (dynamicResources is not null)
        {
            Dynamic = new DynamicConfiguration(this, dynamicResources, _loggers);
            Dynamic.Start();
            _ = GoLiveAfterAsync(Dynamic.WhenInitializedAsync());
            return;
        }

        GoLive();
    }

    /// <summary>True when a static listener's rds.config_source or a static cluster's eds_config is a file.</summary>
    private bool StaticResourcesReadFiles() =>
        Clusters.Clusters.Any(static c => ConfigSourcePaths.Of(c.Config.EdsConfigSource) is not null)
        || ListenerManager.Active.Any(static l => ListenerDiscovery.RouteResourcesOf(l.Config).Any(static r => ConfigSourcePaths.Of(r.Source) is not null));

    private async Task GoLiveAfterAsync(Task initialized)
    {
        await initialized.ConfigureAwait(false);
        GoLive();
    }

    private void FlushStats()
    {
        Stats.MergeHistograms();
        ServerStats.Refresh();
    }

    /// <summary>Connections open on the listeners, the admin one aside (server.total_connections).</summary>
    private long DownstreamConnections()
    {
        long total = 0;
        foreach (var listener in ListenerManager.Active)
        {
            if (listener.Config.Name != "admin")
            {
                total += listener.Stats.DownstreamCxActive.Value;
            }
        }

        return total;
    }

    private void GoLive()
    {
        if (Lifecycle.State != ServerState.Initializing)
        {
            return;
        }

        ServerStats.Initialized();
        BeforeLive?.Invoke();

        Stats.Gauge("listener_manager.workers_started").Set(1);
        Lifecycle.SetState(ServerState.Live);
        ServerLog.Live(_logger);
    }

    /// <summary>
    /// Runs once when initialization is done (static config: within <see cref="Start"/>; xDS: after the first
    /// CDS and LDS), just before the server reports LIVE: the readiness a platform waits for before it sends
    /// traffic, so what runs here never runs under requests. The proxy executable sets it; hosts that run the
    /// server in process (tests) do not.
    /// </summary>
    public Action? BeforeLive { get; set; }

    /// <summary>
    /// Gives back the pages only start-up used (<see cref="StartupPages"/>) and logs how many. Before traffic
    /// only: pages paged out while a request runs their code stall it while they are read back.
    /// </summary>
    public void ReleaseStartupPages()
    {
        var before = StartupPages.ResidentFileKiB();
        var advised = StartupPages.Release();
        ServerLog.StartupPagesReleased(_logger, advised, before, StartupPages.ResidentFileKiB());
    }

    /// <summary>Runs until shutdown is requested, then drains and stops.</summary>
    public async Task<int> RunAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = Lifecycle.ShutdownRequested.Register(() => done.TrySetResult());
        await done.Task.ConfigureAwait(false);
        await DrainAsync("shutdown requested").ConfigureAwait(false);
        ServerLog.Exiting(_logger);
        return 0;
    }

    /// <summary>
    /// /drain_listeners: stop accepting on the listeners (all, or inbound only). Graceful first drains for the
    /// drain time while the listeners keep serving, as Envoy's graceful drain does: the open connections of those
    /// listeners are asked to close (all at once with --drain-strategy immediate, spread over the first quarter
    /// of the drain time with gradual), and responses close their connections as <see cref="DrainDecision"/> says.
    /// </summary>
    public async Task DrainListenersAsync(bool inboundOnly, bool graceful)
    {
        if (graceful)
        {
            Lifecycle.StartDraining();
            if (Drain.Start(inboundOnly))
            {
                _ = RequestCloseConnectionsAsync();
            }

            await Task.Delay(_options.DrainTime, _time).ConfigureAwait(false);
        }

        foreach (var listener in ListenerManager.Active)
        {
            if (listener.Config.Name != "admin" && (!inboundOnly || listener.Config.TrafficDirection == "INBOUND"))
            {
                await listener.StopAcceptingAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _statsFlush?.Dispose();
        if (Dynamic is not null)
        {
            await Dynamic.DisposeAsync().ConfigureAwait(false);
        }

        await ListenerManager.DisposeAsync().ConfigureAwait(false);

        await _codecs.DisposeAsync().ConfigureAwait(false);
        await Clusters.DisposeAsync().ConfigureAwait(false);
        _accessLogFiles.Dispose();
        _grpcChannels.Dispose();
        _tcpShutdown.Dispose();
        _loggers.Dispose();
    }

    /// <summary>Asks the open connections of the listeners the drain covers to close, each at its <see cref="DrainDecision.ProactiveDelay"/>.</summary>
    private async Task RequestCloseConnectionsAsync()
    {
        var connections = new List<ConnectionContext>();
        foreach (var listener in ListenerManager.Active)
        {
            if (listener.Config.Name != "admin" && Drain.Covers(listener.Config))
            {
                connections.AddRange(listener.SnapshotConnections());
            }
        }

        var start = _time.GetTimestamp();
        for (var i = 0; i < connections.Count; i++)
        {
            var wait = Drain.ProactiveDelay(i, connections.Count) - _time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time).ConfigureAwait(false);
            }

            ActiveListener.RequestClose(connections[i]);
        }
    }

    private async Task DrainAsync(string reason)
    {
        Lifecycle.StartDraining();
        Drain.Start(inboundOnly: false);
        ServerLog.Draining(_logger, reason, _options.DrainTime.TotalSeconds);

        // 1. No new connections on the data plane; admin stays up while draining.
        foreach (var listener in ListenerManager.Active)
        {
            if (listener.Config.Name != "admin")
            {
                await listener.StopAcceptingAsync().ConfigureAwait(false);
            }
        }

        // 2. In-flight HTTP requests finish (idle keep-alive connections close, HTTP/2 ones get GOAWAY);
        //    TCP sessions and what is left are cut when the drain time is over.
        using var deadline = new CancellationTokenSource(_options.DrainTime, _time);
        await _codecs.StopAsync(deadline.Token).ConfigureAwait(false);
        await _tcpShutdown.CancelAsync().ConfigureAwait(false);
        _accessLogFiles.FlushAll();
        foreach (var stream in _accessLogContext.GrpcStreams.Values)
        {
            await stream.FlushAsync().ConfigureAwait(false);
        }
    }

    private static IReadOnlyList<Proxy.Stats.StatTag>? StatsTagsOf(ProxyOptions options)
    {
        if (options.StatsTags.Count == 0)
        {
            return null;
        }

        var tags = new List<Proxy.Stats.StatTag>();
        foreach (var tag in options.StatsTags)
        {
            tags.Add(new Proxy.Stats.StatTag(tag.Name, tag.Value));
        }

        return tags;
    }
}
