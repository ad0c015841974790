using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Proxy.Admin;
using Proxy.Cli;
using Proxy.Config;
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
    private readonly List<ActiveListener> _listeners = [];
    private readonly ListenerDirectory _directory = new();
    private readonly CancellationTokenSource _tcpShutdown = new();
    private readonly AccessLogFileManager _accessLogFiles;
    private readonly CodecPool<RequestContext> _codecs;
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
        _accessLogFiles = new AccessLogFileManager(time, options.FileFlushInterval, Stats);
        Translator = new ConfigTranslator(new AccessLogFactoryContext(_accessLogFiles) { TimeProvider = time }, Stats, time);
        Clusters = new ClusterManager(Stats, time, Random.Shared, new SystemDnsResolver(), _loggers);
        Router = new HttpRouter(Clusters, time, _loggers);
        _codecs = new CodecPool<RequestContext>(new ProxyApplication(), _loggers);
        Admin = new AdminHandler();
        Node = new NodeIdentity(bootstrap.Node?.Id ?? "", bootstrap.Node?.Cluster ?? "");
    }

    public StatsStore Stats { get; }

    public ServerLifecycle Lifecycle { get; }

    public ConfigTranslator Translator { get; }

    public ClusterManager Clusters { get; }

    public HttpRouter Router { get; }

    public AdminHandler Admin { get; }

    public NodeIdentity Node { get; }

    public BootstrapProto Bootstrap => _bootstrap;

    public ProxyOptions Options => _options;

    public EnvoyLoggerProvider Logs => _logs;

    public AccessLogFileManager AccessLogFiles => _accessLogFiles;

    public IReadOnlyList<ActiveListener> Listeners => _listeners;

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
                ConfigHash = "admin",
            };
            var codec = _codecs.Get(new CodecSettings());
            AddListener(admin, _ => new AdminConnectionHandler(Admin, codec));
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

            AddListener(config, chain => CreateHandler(config, chain));
        }

        _directory.Publish(_listeners.Where(static l => l.Config.Name != "admin"));
        foreach (var listener in _listeners)
        {
            listener.Start();
        }

        Stats.Gauge("listener_manager.total_listeners_active").Set(_listeners.Count - 1 < 0 ? 0 : _listeners.Count - (_bootstrap.Admin?.Address is null ? 0 : 1));
        Stats.Gauge("listener_manager.workers_started").Set(1);
        Stats.Counter("listener_manager.listener_added").Add((ulong)(statics?.Listeners.Count ?? 0));
        var flush = _bootstrap.StatsFlushInterval?.ToTimeSpan() ?? TimeSpan.FromSeconds(5);
        _statsFlush = _time.CreateTimer(static s => ((StatsStore)s!).MergeHistograms(), Stats, flush, flush);
        Lifecycle.SetState(ServerState.Live);
        ServerLog.Live(_logger);
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
    /// /drain_listeners: stop accepting on the listeners (all, or inbound only); graceful waits the drain
    /// time first while the listeners keep serving, as Envoy's graceful drain does.
    /// </summary>
    public async Task DrainListenersAsync(bool inboundOnly, bool graceful)
    {
        if (graceful)
        {
            Lifecycle.StartDraining();
            await Task.Delay(_options.DrainTime, _time).ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
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
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _codecs.DisposeAsync().ConfigureAwait(false);
        await Clusters.DisposeAsync().ConfigureAwait(false);
        _accessLogFiles.Dispose();
        _tcpShutdown.Dispose();
        _loggers.Dispose();
    }

    private async Task DrainAsync(string reason)
    {
        Lifecycle.StartDraining();
        ServerLog.Draining(_logger, reason, _options.DrainTime.TotalSeconds);

        // 1. No new connections on the data plane; admin stays up while draining.
        foreach (var listener in _listeners)
        {
            if (listener.Config.Name != "admin")
            {
                await listener.StopAcceptingAsync().ConfigureAwait(false);
            }
        }

        // 2. In-flight HTTP requests finish (Kestrel closes idle keep-alive connections and sends GOAWAY);
        //    TCP sessions and what is left are cut when the drain time is over.
        using var deadline = new CancellationTokenSource(_options.DrainTime, _time);
        await _codecs.StopAsync(deadline.Token).ConfigureAwait(false);
        await _tcpShutdown.CancelAsync().ConfigureAwait(false);
        _accessLogFiles.FlushAll();
    }

    private void AddListener(ListenerConfig config, Func<FilterChainConfig, IConnectionHandler> handlers)
    {
        var stats = new ListenerStats(Stats, config.StatPrefix);
        var socketOptions = new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true };
        _listeners.Add(new ActiveListener(config, handlers, stats, socketOptions, _time, _loggers, _directory));
    }

    private IConnectionHandler CreateHandler(ListenerConfig listener, FilterChainConfig chain)
    {
        if (chain.HttpConnectionManager is { } hcm)
        {
            var routes = hcm.InlineRoutes;
            return new HttpConnectionManager(
                hcm,
                new HcmStats(Stats, hcm.StatPrefix, listener.StatPrefix),
                () => routes,
                Router,
                _codecs.Get(hcm.Codec),
                _time,
                Node,
                _loggers);
        }

        if (chain.TcpProxy is { } tcp)
        {
            return new TcpProxyHandler(tcp, new TcpProxyStats(Stats, tcp.StatPrefix), Clusters, _time, Random.Shared, _tcpShutdown.Token, _loggers);
        }

        throw new ConfigException($"listener '{listener.Name}': filter chain '{chain.Name}' has no terminal filter");
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
