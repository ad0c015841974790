using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Microsoft.Extensions.Logging;
using Proxy.Cli;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Server;
using Proxy.Upstream.Config;
using Proxy.Xds.Client;
using Proxy.Xds.Grpc;
using DynamicResourcesProto = Envoy.Config.Bootstrap.V3.Bootstrap.Types.DynamicResources;

namespace Proxy.Discovery;

/// <summary>
/// The bootstrap's dynamic_resources at run time: the xDS streams (ADS, per-type services, files), the watchers
/// of each type wired together (CDS → EDS names, LDS → RDS and SDS names, arrivals end warming), and Envoy's
/// init sequence: the server goes live once the first CDS response is applied and its clusters warmed, then the
/// first LDS response and its listeners warmed, each bounded by its config source's initial_fetch_timeout.
/// <para>
/// Which stream a named resource (route configuration, endpoints, secret) uses is its config source's: <c>ads</c>
/// (or none) is the type's default stream, which is ADS when there is one, else the per-type service of
/// lds_config's (RDS) or cds_config's (EDS) api_config_source cluster; an api_config_source of its own (Istio's
/// <c>sds-grpc</c> for secrets) gets a stream to that cluster; a path_config_source is a file, read and watched
/// while a listener or cluster names it. LDS and CDS themselves come from ADS, a per-type stream or a file
/// (Envoy's dynamic-config-fs example).
/// </para>
/// </summary>
internal sealed class DynamicConfiguration : IResourceInterest, IAsyncDisposable
{

    private readonly ProxyServer _server;
    private readonly DynamicResourcesProto _proto;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Envoy.Config.Core.V3.Node _node;
    private readonly MemoryReclaimer _reclaimer;
    private readonly Dictionary<string, XdsClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<XdsResourceType, XdsClient> _byType = [];
    private readonly List<XdsFileSubscription> _files = [];
    private readonly Dictionary<(XdsResourceType Type, string Path), XdsFileSubscription> _namedFiles = [];
    private readonly List<ResourceName> _staticRoutes;
    private readonly List<ResourceName> _staticEndpoints = [];
    private readonly Dictionary<XdsResourceType, IXdsWatcher> _namedWatchers = [];
    private readonly Dictionary<XdsResourceType, HashSet<XdsClient>> _namedClients = [];
    private readonly Dictionary<string, IReadOnlyCollection<SdsSecretConfig>> _secretsByOwner = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private XdsClient? _ads;

    public DynamicConfiguration(ProxyServer server, DynamicResourcesProto proto, ILoggerFactory loggers)
    {
        _server = server;
        _proto = proto;
        _time = server.Time;
        _reclaimer = new MemoryReclaimer(_time);
        _logger = loggers.CreateLogger("Proxy.Discovery");
        _node = NodeFor(server.Bootstrap.Node);
        var staticClusters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in server.Clusters.Clusters)
        {
            staticClusters.Add(cluster.Name);
            if (ClusterDiscovery.EndpointsOf(cluster.Config) is { } endpoints)
            {
                _staticEndpoints.Add(endpoints);
            }
        }

        _staticRoutes = StaticRouteNames(server);

        Endpoints = new EndpointDiscovery(server.Clusters, _time, _logger);
        Clusters = new ClusterDiscovery(server.Clusters, Endpoints, this, staticClusters, _staticEndpoints, static c => ConfigSourceTimeouts.InitialFetchTimeout(c.EdsClusterConfig?.EdsConfig), server.Stats, _time, _logger);
        Endpoints.ClusterWarmed = Clusters.Warmed;
        Secrets = new SecretDiscovery(_time);
        Routes = new RouteDiscovery(server.Translator, server.Routes, _time);
        Listeners = new ListenerDiscovery(server.Translator, server.ListenerManager, server.Handlers.For, server.Routes, Secrets, this, _staticRoutes, server.Stats, _time, _logger);
        _namedWatchers[XdsResourceType.ClusterLoadAssignment] = _reclaimer.Watch(Endpoints);
        _namedWatchers[XdsResourceType.RouteConfiguration] = _reclaimer.Watch(Routes);
        _namedWatchers[XdsResourceType.Secret] = Secrets;
        Routes.Arrived = Listeners.RouteArrived;
        Secrets.Arrived = Listeners.SecretArrived;
    }

    public EndpointDiscovery Endpoints { get; }

    public ClusterDiscovery Clusters { get; }

    public RouteDiscovery Routes { get; }

    public SecretDiscovery Secrets { get; }

    public ListenerDiscovery Listeners { get; }

    /// <summary>Opens the streams and subscribes: clusters and listeners as wildcards, named types as they are needed.</summary>
    public void Start()
    {
        if (_proto.AdsConfig is { } ads)
        {
            _ads = CreateClient(ads, "dynamic_resources.ads_config", aggregated: true, type: null);
        }

        Subscribe(_proto.CdsConfig, XdsResourceType.Cluster, _reclaimer.Watch(Clusters), "dynamic_resources.cds_config");
        Subscribe(_proto.LdsConfig, XdsResourceType.Listener, _reclaimer.Watch(Listeners), "dynamic_resources.lds_config");

        // Named types' default stream: ADS when there is one, else the per-type service of the wildcard type's
        // cluster (secrets have none).
        Route(XdsResourceType.ClusterLoadAssignment, _proto.CdsConfig);
        Route(XdsResourceType.RouteConfiguration, _proto.LdsConfig);
        Route(XdsResourceType.Secret, null);

        // Static resources' files are read first; every later subscription of the type includes them.
        SetFiles(XdsResourceType.RouteConfiguration, FilesOf(_staticRoutes));
        SetFiles(XdsResourceType.ClusterLoadAssignment, FilesOf(_staticEndpoints));

        foreach (var client in _clients.Values)
        {
            client.Start();
        }

        foreach (var file in _files)
        {
            file.Start();
        }
    }

    /// <summary>Completes when the server may go live (Envoy's init manager: CDS then LDS, each warmed or timed out).</summary>
    public async Task WhenInitializedAsync()
    {
        if (_proto.CdsConfig is { } cds && !IsEmpty(cds))
        {
            var timeout = ConfigSourceTimeouts.InitialFetchTimeout(cds);
            if (!await CompletesWithinAsync(Clusters.FirstUpdate, timeout).ConfigureAwait(false))
            {
                Clusters.Stats.InitFetchTimeout.Inc();
            }

            await UntilAsync(() => _server.Clusters.Warming.Count == 0, timeout).ConfigureAwait(false);
        }

        if (_proto.LdsConfig is { } lds && !IsEmpty(lds))
        {
            var timeout = ConfigSourceTimeouts.InitialFetchTimeout(lds);
            if (!await CompletesWithinAsync(Listeners.FirstUpdate, timeout).ConfigureAwait(false))
            {
                Listeners.Stats.InitFetchTimeout.Inc();
            }

            await UntilAsync(() => !Listeners.AnyWarming, timeout).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Subscribes each stream of the type to the names it serves: the type's default stream (ADS, else the
    /// per-type service of the wildcard type's cluster) for names whose config source is <c>ads</c> or unset,
    /// a stream of their own for names whose config source is an api_config_source; names from files are read
    /// from them (<see cref="SetFiles"/>). A stream left with no name is told so.
    /// </summary>
    public void SetNames(XdsResourceType type, IReadOnlyCollection<ResourceName> names)
    {
        var byClient = new Dictionary<XdsClient, HashSet<string>>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (name, source) in names)
            {
                if (ConfigSourcePaths.Of(source) is { } path)
                {
                    files.Add(path);
                }
                else if (NamedClient(type, source) is { } client)
                {
                    if (!byClient.TryGetValue(client, out var clientNames))
                    {
                        byClient[client] = clientNames = new HashSet<string>(StringComparer.Ordinal);
                    }

                    clientNames.Add(name);
                }
            }

            if (_namedClients.TryGetValue(type, out var known))
            {
                foreach (var client in known)
                {
                    byClient.TryAdd(client, new HashSet<string>(StringComparer.Ordinal));
                }
            }
        }

        foreach (var (client, clientNames) in byClient)
        {
            client.SetNames(type, clientNames);
        }

        SetFiles(type, files);
    }

    /// <summary>
    /// Reads and watches each file now named, and stops watching the ones no longer named. A new file is read at
    /// once, so what names it warms as a streamed resource would.
    /// </summary>
    private void SetFiles(XdsResourceType type, IReadOnlyCollection<string> paths)
    {
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var added = new List<(string Path, XdsFileSubscription File)>();
        var dropped = new List<(string Path, XdsFileSubscription File)>();
        lock (_gate)
        {
            foreach (var ((fileType, path), file) in _namedFiles)
            {
                if (fileType == type && !wanted.Contains(path))
                {
                    dropped.Add((path, file));
                }
            }

            foreach (var (path, _) in dropped)
            {
                _namedFiles.Remove((type, path));
            }

            foreach (var path in wanted)
            {
                if (!_namedFiles.ContainsKey((type, path)))
                {
                    var file = CreateFile(path, type, _namedWatchers[type]);
                    _namedFiles[(type, path)] = file;
                    added.Add((path, file));
                }
            }
        }

        foreach (var (_, file) in dropped)
        {
            file.Dispose();
        }

        foreach (var (path, file) in added)
        {
            try
            {
                file.Start();
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                // A file in a directory that does not exist cannot be watched; what names it warms until its
                // initial_fetch_timeout, as with a stream that never answers.
                XdsLog.FileRejected(_logger, type.TypeName, path, e.Message);
            }
        }
    }

    /// <summary>The secrets of all owners, each with its sds_config, subscribed as any named type is.</summary>
    public void SetSecrets(string owner, IReadOnlyCollection<SdsSecretConfig> secrets)
    {
        List<ResourceName> names;
        lock (_gate)
        {
            _secretsByOwner[owner] = secrets;
            names = [.. _secretsByOwner.Values.SelectMany(static list => list).Select(static s => new ResourceName(s.Name, s.SdsConfig))];
        }

        SetNames(XdsResourceType.Secret, names);
    }

    public async ValueTask DisposeAsync()
    {
        _reclaimer.Dispose();
        foreach (var file in _files)
        {
            file.Dispose();
        }

        lock (_gate)
        {
            foreach (var file in _namedFiles.Values)
            {
                file.Dispose();
            }

            _namedFiles.Clear();
        }

        foreach (var client in _clients.Values)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Subscribe(ConfigSource? source, XdsResourceType type, IXdsWatcher watcher, string field)
    {
        if (source is null || IsEmpty(source))
        {
            return;
        }

        switch (source.ConfigSourceSpecifierCase)
        {
            case ConfigSource.ConfigSourceSpecifierOneofCase.Ads:
                var ads = _ads ?? throw new ConfigException($"{field}.ads: dynamic_resources has no ads_config");
                ads.Watch(type, watcher, null);
                lock (_gate)
                {
                    _byType[type] = ads;
                }

                break;
            case ConfigSource.ConfigSourceSpecifierOneofCase.ApiConfigSource:
                var client = CreateClient(source.ApiConfigSource, field + ".api_config_source", aggregated: false, type);
                client.Watch(type, watcher, null);
                lock (_gate)
                {
                    _byType[type] = client;
                }

                break;
            case ConfigSource.ConfigSourceSpecifierOneofCase.PathConfigSource:
                _files.Add(CreateFile(source.PathConfigSource.Path, type, watcher));
                break;
            case ConfigSource.ConfigSourceSpecifierOneofCase.Path:
#pragma warning disable CS0612 // path is deprecated in favour of path_config_source, but older bootstraps still use it.
                _files.Add(CreateFile(source.Path, type, watcher));
#pragma warning restore CS0612
                break;
            default:
                throw new ConfigException($"{field}: config_source_specifier {source.ConfigSourceSpecifierCase} is not supported; use ads, api_config_source or path_config_source");
        }
    }

    private void Route(XdsResourceType type, ConfigSource? wildcardSource)
    {
        XdsClient? client = _ads;
        if (client is null && wildcardSource?.ApiConfigSource is { } api)
        {
            client = CreateClient(api, "api_config_source", aggregated: false, type);
        }

        if (client is null)
        {
            return;
        }

        client.Watch(type, _namedWatchers[type], []);
        lock (_gate)
        {
            _byType[type] = client;
            NamedClients(type).Add(client);
        }
    }

    /// <summary>
    /// The stream serving a named resource of <paramref name="type"/> whose config source is
    /// <paramref name="source"/>: its own api_config_source's (started on first use), else the type's default.
    /// Called under <c>_gate</c>.
    /// </summary>
    private XdsClient? NamedClient(XdsResourceType type, ConfigSource? source)
    {
        if (source?.ApiConfigSource is not { } api)
        {
            return _byType.GetValueOrDefault(type);
        }

        if (api.GrpcServices.Count == 1 && _clients.TryGetValue(ClientKey(api, type), out var existing))
        {
            return existing;
        }

        try
        {
            var client = CreateClient(api, SourceField(type) + ".api_config_source", aggregated: false, type);
            client.Watch(type, _namedWatchers[type], []);
            NamedClients(type).Add(client);
            client.Start();
            return client;
        }
        catch (ConfigException e)
        {
            XdsLog.Disconnected(_logger, SourceField(type), 3, e.Message);
            return null;
        }
    }

    /// <summary>The field that names a resource's config source, for messages.</summary>
    private static string SourceField(XdsResourceType type) =>
        type == XdsResourceType.Secret ? "sds_config"
        : type == XdsResourceType.RouteConfiguration ? "rds.config_source"
        : "eds_cluster_config.eds_config";

    private HashSet<XdsClient> NamedClients(XdsResourceType type)
    {
        if (!_namedClients.TryGetValue(type, out var clients))
        {
            _namedClients[type] = clients = [];
        }

        return clients;
    }

    private XdsClient CreateClient(ApiConfigSource api, string field, bool aggregated, XdsResourceType? type)
    {
        var delta = api.ApiType switch
        {
            ApiConfigSource.Types.ApiType.Grpc or ApiConfigSource.Types.ApiType.AggregatedGrpc => false,
            ApiConfigSource.Types.ApiType.DeltaGrpc or ApiConfigSource.Types.ApiType.AggregatedDeltaGrpc => true,
            _ => throw new ConfigException($"{field}.api_type: {api.ApiType} is not supported; use GRPC or DELTA_GRPC"),
        };
        if (api.GrpcServices.Count != 1)
        {
            throw new ConfigException($"{field}.grpc_services: exactly one gRPC service is required");
        }

        var service = api.GrpcServices[0];
        if (service.EnvoyGrpc is not { } envoyGrpc || string.IsNullOrEmpty(envoyGrpc.ClusterName))
        {
            throw new ConfigException($"{field}.grpc_services[0].envoy_grpc.cluster_name: required (google_grpc is not supported)");
        }

        var key = aggregated ? "ads" : ClientKey(api, type!);
        if (_clients.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var cluster = _server.Clusters.Get(envoyGrpc.ClusterName)?.Config
            ?? throw new ConfigException($"{field}.grpc_services[0].envoy_grpc.cluster_name: unknown cluster '{envoyGrpc.ClusterName}' (must be a static cluster)");
        var channel = new GrpcChannel(new GrpcChannelOptions
        {
            Target = XdsServerAddress.Of(cluster, $"{field}.grpc_services[0].envoy_grpc.cluster_name"),
            Authority = string.IsNullOrEmpty(envoyGrpc.Authority) ? envoyGrpc.ClusterName : envoyGrpc.Authority,
            ConnectTimeout = cluster.ConnectTimeout,
        });
        var source = $"{envoyGrpc.ClusterName} ({(aggregated ? "ADS" : type!.TypeName)}{(delta ? ", delta" : "")})";
        var client = new XdsClient(new XdsClientOptions
        {
            Node = _node,
            Channel = channel,
            Method = aggregated ? XdsMethods.Aggregated(delta) : XdsMethods.For(type!, delta),
            Delta = delta,
            Time = _time,
            Random = Random.Shared,
            Observer = new ControlPlaneStats(_server.Stats, source, _logger, ConnectionLost),
        });
        _clients[key] = client;
        return client;
    }

    private static string ClientKey(ApiConfigSource api, XdsResourceType type) =>
        $"{api.GrpcServices[0].EnvoyGrpc?.ClusterName}|{type.TypeName}|{api.ApiType}";

    private XdsFileSubscription CreateFile(string path, XdsResourceType type, IXdsWatcher watcher) =>
        new(path, type, watcher, XdsFile.Read, _time);

    private void ConnectionLost()
    {
        Clusters.Stats.Failure.Inc();
        Listeners.Stats.Failure.Inc();
    }

    private static Envoy.Config.Core.V3.Node NodeFor(Envoy.Config.Core.V3.Node? configured)
    {
        // Control planes see an Envoy: user_agent_name "envoy" (istiod and go-control-plane branch on it), our
        // version; metadata passes through untouched.
        var node = configured?.Clone() ?? new Envoy.Config.Core.V3.Node();
        node.UserAgentName = "envoy";
        node.UserAgentVersion = VersionInfo.Version;
        if (!node.ClientFeatures.Contains("xds.config.resource-in-sotw"))
        {
            node.ClientFeatures.Add("xds.config.resource-in-sotw");
        }

        return node;
    }

    /// <summary>The route configurations static listeners name, each with its rds.config_source.</summary>
    private static List<ResourceName> StaticRouteNames(ProxyServer server) =>
        [.. server.ListenerManager.Active.SelectMany(static l => ListenerDiscovery.RouteResourcesOf(l.Config))];

    private static List<string> FilesOf(IEnumerable<ResourceName> names) =>
        [.. names.Select(static n => ConfigSourcePaths.Of(n.Source)).OfType<string>()];

    private static bool IsEmpty(ConfigSource source) => source.ConfigSourceSpecifierCase == ConfigSource.ConfigSourceSpecifierOneofCase.None;

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        var winner = await Task.WhenAny(task, Task.Delay(timeout, _time)).ConfigureAwait(false);
        return winner == task;
    }

    private async Task UntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var start = _time.GetTimestamp();
        while (!done() && (timeout <= TimeSpan.Zero || _time.GetElapsedTime(start) < timeout))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        }
    }
}
