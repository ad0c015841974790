using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Filter = Envoy.Config.Listener.V3.Filter;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using HttpFilter = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter;
using Rds = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.Rds;
using Route = Envoy.Config.Route.V3.Route;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Bench.XdsScale;

/// <summary>
/// A synthetic mesh shaped like what istiod sends a sidecar: EDS clusters over ADS named
/// <c>outbound|8080||svc-N.ns-M.svc.cluster.local</c> with Istio's circuit breakers and metadata, endpoints
/// spread evenly with locality and tlsMode metadata, per-service outbound listeners that do not bind
/// (<c>bind_to_port: false</c>, hand-offs from virtualOutbound) using RDS over ADS, and route configurations
/// whose virtual hosts name the services.
/// </summary>
internal sealed class MeshShape(int clusters, int endpoints, int listeners, int routeConfigs)
{
    public int Clusters { get; } = clusters;

    public int Endpoints { get; } = endpoints;

    public int Listeners { get; } = listeners;

    public int RouteConfigs { get; } = routeConfigs;

    public static string ClusterName(int i) => $"outbound|8080||svc-{i}.ns-{i % 50}.svc.cluster.local";

    public static string RouteName(int r) => $"80{r:D2}";

    public IMessage[] BuildClusters() => [.. Enumerable.Range(0, Clusters).Select(Cluster)];

    public IMessage[] BuildAssignments() => [.. Enumerable.Range(0, Clusters).Select(Assignment)];

    public IMessage[] BuildListeners() => [.. Enumerable.Range(0, Listeners).Select(Listener)];

    public IMessage[] BuildRoutes() => [.. Enumerable.Range(0, RouteConfigs).Select(Routes)];

    private static Cluster Cluster(int i)
    {
        var name = ClusterName(i);
        var cluster = new Cluster
        {
            Name = name,
            Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig
            {
                ServiceName = name,
                EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource(), InitialFetchTimeout = new Duration(), ResourceApiVersion = ApiVersion.V3 },
            },
            CircuitBreakers = new CircuitBreakers(),
            Metadata = new Metadata(),
        };
        cluster.CircuitBreakers.Thresholds.Add(new CircuitBreakers.Types.Thresholds
        {
            MaxConnections = uint.MaxValue,
            MaxPendingRequests = uint.MaxValue,
            MaxRequests = uint.MaxValue,
            MaxRetries = uint.MaxValue,
            TrackRemaining = true,
        });
        var services = new Struct();
        services.Fields["host"] = Value.ForString($"svc-{i}.ns-{i % 50}.svc.cluster.local");
        services.Fields["name"] = Value.ForString($"svc-{i}");
        services.Fields["namespace"] = Value.ForString($"ns-{i % 50}");
        var istio = new Struct();
        istio.Fields["services"] = Value.ForList(Value.ForStruct(services));
        istio.Fields["default_original_port"] = Value.ForNumber(8080);
        cluster.Metadata.FilterMetadata["istio"] = istio;
        return cluster;
    }

    private ClusterLoadAssignment Assignment(int i)
    {
        // Endpoints spread evenly: the first (Endpoints % Clusters) clusters get one more.
        var count = (Endpoints / Clusters) + (i < Endpoints % Clusters ? 1 : 0);
        var locality = new LocalityLbEndpoints { Locality = new Locality { Region = "region-1", Zone = $"zone-{i % 3}" } };
        for (var e = 0; e < count; e++)
        {
            var n = (i * 16) + e;
            var endpoint = new LbEndpoint
            {
                Endpoint = new Endpoint { Address = Socket($"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}", 8080) },
                HealthStatus = HealthStatus.Healthy,
                LoadBalancingWeight = 1,
                Metadata = new Metadata(),
            };
            var match = new Struct();
            match.Fields["tlsMode"] = Value.ForString("istio");
            endpoint.Metadata.FilterMetadata["envoy.transport_socket_match"] = match;
            locality.LbEndpoints.Add(endpoint);
        }

        var assignment = new ClusterLoadAssignment { ClusterName = ClusterName(i) };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    private Listener Listener(int i)
    {
        var hcm = new Hcm
        {
            StatPrefix = $"outbound_10.96.{i / 250}.{i % 250}_8080",
            Rds = new Rds
            {
                RouteConfigName = RouteName(i % RouteConfigs),
                ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), InitialFetchTimeout = new Duration(), ResourceApiVersion = ApiVersion.V3 },
            },
            UseRemoteAddress = false,
        };
        hcm.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Router.V3.Router()) });
        var chain = new FilterChain();
        chain.Filters.Add(new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) });
        var listener = new Listener
        {
            Name = $"10.96.{i / 250}.{i % 250}_8080",
            Address = Socket($"10.96.{i / 250}.{i % 250}", 8080),
            BindToPort = false,
            TrafficDirection = TrafficDirection.Outbound,
        };
        listener.FilterChains.Add(chain);
        return listener;
    }

    private RouteConfiguration Routes(int r)
    {
        var config = new RouteConfiguration { Name = RouteName(r), ValidateClusters = false };
        for (var i = r; i < Clusters; i += RouteConfigs)
        {
            var host = new VirtualHost { Name = $"svc-{i}.ns-{i % 50}.svc.cluster.local:8080" };
            host.Domains.Add($"svc-{i}.ns-{i % 50}.svc.cluster.local");
            host.Domains.Add($"svc-{i}");
            host.Domains.Add($"svc-{i}.ns-{i % 50}");
            host.Routes.Add(new Route
            {
                Name = "default",
                Match = new RouteMatch { Prefix = "/" },
                Route_ = new RouteAction { Cluster = ClusterName(i), Timeout = new Duration() },
            });
            config.VirtualHosts.Add(host);
        }

        return config;
    }

    private static Address Socket(string ip, uint port) => new() { SocketAddress = new SocketAddress { Address = ip, PortValue = port } };
}
