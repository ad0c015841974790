using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using ListenerManager = Proxy.Listeners.ListenerManager;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Config;
using Proxy.Discovery;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Files;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Stats;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream;
using Proxy.Upstream.Dns;
using Proxy.Xds.Client;
using Filter = Envoy.Config.Listener.V3.Filter;
using Rds = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.Rds;
using Route = Envoy.Config.Route.V3.Route;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using TcpProxy = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Proxy.Tests.Discovery;

/// <summary>The watchers wired as DynamicConfiguration wires them, without a control plane: tests feed updates.</summary>
internal sealed class DiscoveryFixture : IResourceInterest, IAsyncDisposable
{
    private readonly AccessLogFileManager _files;

    public DiscoveryFixture()
    {
        _files = new AccessLogFileManager(Time);
        Translator = new ConfigTranslator(new AccessLogFactoryContext(_files) { TimeProvider = Time }, Stats, Time);
        Clusters = new ClusterManager(Stats, Time, new Random(1), new SystemDnsResolver(), NullLoggerFactory.Instance);
        Listeners = new ListenerManager(Stats, c => new ListenerStats(Stats, c.StatPrefix), TimeSpan.FromSeconds(1), TimeProvider.System, NullLoggerFactory.Instance);
        Routes = new RouteConfigRegistry(Stats);
        Endpoints = new EndpointDiscovery(Clusters, Time, NullLogger.Instance);
        ClusterWatcher = new ClusterDiscovery(Clusters, Endpoints, this, new HashSet<string> { "static" }, [], _ => TimeSpan.FromSeconds(15), Stats, Time, NullLogger.Instance);
        Endpoints.ClusterWarmed = ClusterWatcher.Warmed;
        Secrets = new SecretDiscovery(Time);
        RouteWatcher = new RouteDiscovery(Translator, Routes, Time);
        ListenerWatcher = new ListenerDiscovery(Translator, Listeners, HandlersFor, Routes, Secrets, this, [], Stats, Time, NullLogger.Instance);
        RouteWatcher.Arrived = ListenerWatcher.RouteArrived;
        Secrets.Arrived = ListenerWatcher.SecretArrived;
    }

    public FakeTimeProvider Time { get; } = new();

    public StatsStore Stats { get; } = new();

    public ConfigTranslator Translator { get; }

    public ClusterManager Clusters { get; }

    public ListenerManager Listeners { get; }

    public RouteConfigRegistry Routes { get; }

    public EndpointDiscovery Endpoints { get; }

    public ClusterDiscovery ClusterWatcher { get; }

    public SecretDiscovery Secrets { get; }

    public RouteDiscovery RouteWatcher { get; }

    public ListenerDiscovery ListenerWatcher { get; }

    /// <summary>The last names each type was subscribed to.</summary>
    public Dictionary<XdsResourceType, IReadOnlyCollection<string>> Interest { get; } = [];

    public Dictionary<string, IReadOnlyCollection<SdsSecretConfig>> SecretInterest { get; } = [];

    /// <summary>The last files each type was read from (path_config_source of rds.config_source or eds_config).</summary>
    public Dictionary<XdsResourceType, IReadOnlyCollection<string>> FileInterest { get; } = [];

    /// <summary>The last names of each type with their config sources.</summary>
    public Dictionary<XdsResourceType, IReadOnlyCollection<ResourceName>> Sources { get; } = [];

    public void SetNames(XdsResourceType type, IReadOnlyCollection<ResourceName> names)
    {
        Interest[type] = [.. names.Where(static n => ConfigSourcePaths.Of(n.Source) is null).Select(static n => n.Name)];
        FileInterest[type] = [.. names.Select(static n => ConfigSourcePaths.Of(n.Source)).OfType<string>().Distinct()];
        Sources[type] = names;
    }

    public void SetSecrets(string owner, IReadOnlyCollection<SdsSecretConfig> secrets) => SecretInterest[owner] = [.. secrets];

    public static XdsUpdate Sotw(XdsResourceType type, string version, params IMessage[] resources) => new()
    {
        Type = type,
        Version = version,
        Resources = [.. resources.Select(r => new XdsResource(type.NameOf(r), version, r))],
        Removed = [],
        IsStateOfTheWorld = true,
    };

    public static XdsUpdate Delta(XdsResourceType type, string version, IMessage[] resources, params string[] removed) => new()
    {
        Type = type,
        Version = version,
        Resources = [.. resources.Select(r => new XdsResource(type.NameOf(r), version, r))],
        Removed = removed,
        IsStateOfTheWorld = false,
    };

    public static Cluster StaticCluster(string name, int port) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.Static,
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        LoadAssignment = Assignment(name, port),
    };

    public static Cluster EdsCluster(string name, string? service = null) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.Eds,
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { ServiceName = service ?? "", EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource() } },
    };

    public static ClusterLoadAssignment Assignment(string name, params int[] ports)
    {
        var locality = new LocalityLbEndpoints();
        foreach (var port in ports)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } } },
            });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = name };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    public static RouteConfiguration RouteConfig(string name, string cluster, string prefix = "/")
    {
        var host = new VirtualHost { Name = "all" };
        host.Domains.Add("*");
        host.Routes.Add(new Route { Match = new RouteMatch { Prefix = prefix }, Route_ = new RouteAction { Cluster = cluster } });
        var config = new RouteConfiguration { Name = name };
        config.VirtualHosts.Add(host);
        return config;
    }

    public static Listener HttpListener(string name, string routeName, int port = 0)
    {
        var hcm = new Hcm { StatPrefix = name, Rds = new Rds { RouteConfigName = routeName, ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource() } } };
        hcm.HttpFilters.Add(new Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter
        {
            Name = "envoy.filters.http.router",
            TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Router.V3.Router()),
        });
        var chain = new FilterChain();
        chain.Filters.Add(new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) });
        var listener = new Listener { Name = name, Address = Socket(port) };
        listener.FilterChains.Add(chain);
        return listener;
    }

    public static Listener TcpListener(string name, string cluster, int port = 0)
    {
        var chain = new FilterChain();
        chain.Filters.Add(new Filter { Name = "envoy.filters.network.tcp_proxy", TypedConfig = Any.Pack(new TcpProxy { StatPrefix = name, Cluster = cluster }) });
        var listener = new Listener { Name = name, Address = Socket(port) };
        listener.FilterChains.Add(chain);
        return listener;
    }

    public static Address Socket(int port) => new() { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } };

    public async ValueTask DisposeAsync()
    {
        await Listeners.DisposeAsync();
        await Clusters.DisposeAsync();
        _files.Dispose();
    }

    private Func<FilterChainConfig, IConnectionHandler> HandlersFor(ListenerConfig listener) => _ => new ClosingHandler();

    private sealed class ClosingHandler : IConnectionHandler
    {
        public ValueTask HandleAsync(ConnectionContext connection, DownstreamConnection downstream) => connection.DisposeAsync();
    }
}
