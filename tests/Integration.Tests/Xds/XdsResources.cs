using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Integration.Tests.Infrastructure;
using Filter = Envoy.Config.Listener.V3.Filter;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using HttpFilter = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpFilter;
using Rds = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.Rds;
using Route = Envoy.Config.Route.V3.Route;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Proxy.Integration.Tests.Xds;

/// <summary>Resources shaped like istiod's: EDS clusters over ADS, HTTP listeners with RDS over ADS.</summary>
internal static class XdsResources
{
    public static Cluster EdsCluster(string name) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.Eds,
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 } },
    };

    public static ClusterLoadAssignment Endpoints(string cluster, params int[] ports)
    {
        var locality = new LocalityLbEndpoints();
        foreach (var port in ports)
        {
            locality.LbEndpoints.Add(new LbEndpoint { Endpoint = new Endpoint { Address = Socket(port) } });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = cluster };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    public static RouteConfiguration Routes(string name, string cluster, string prefix = "/")
    {
        var host = new VirtualHost { Name = "all" };
        host.Domains.Add("*");
        host.Routes.Add(new Route { Match = new RouteMatch { Prefix = prefix }, Route_ = new RouteAction { Cluster = cluster } });
        var routes = new RouteConfiguration { Name = name };
        routes.VirtualHosts.Add(host);
        return routes;
    }

    public static Listener HttpListener(string name, int port, string routeName)
    {
        var hcm = new Hcm
        {
            StatPrefix = name,
            Rds = new Rds { RouteConfigName = routeName, ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 } },
        };
        hcm.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Envoy.Extensions.Filters.Http.Router.V3.Router()) });
        var chain = new FilterChain();
        chain.Filters.Add(new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) });
        var listener = new Listener { Name = name, Address = Socket(port) };
        listener.FilterChains.Add(chain);
        return listener;
    }

    public static Address Socket(int port) => new() { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } };

    /// <summary>
    /// Replaces a file-based xDS file as Envoy advises: the new content is written beside it and moved over it
    /// (an atomic rename).
    /// </summary>
    public static async Task ReplaceFileAsync(string path, string content)
    {
        var staged = path + ".new";
        await File.WriteAllTextAsync(staged, content);
        File.Move(staged, path, overwrite: true);
    }

    /// <summary>A CDS file's content: one STATIC cluster "svc" with one endpoint, 127.0.0.1:<paramref name="upstreamPort"/>.</summary>
    public static string StaticClusterFile(int upstreamPort) => $$"""
        resources:
        - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
          name: svc
          type: STATIC
          connect_timeout: 1s
          load_assignment:
            cluster_name: svc
            endpoints:
            - lb_endpoints:
              - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: {{upstreamPort}} } } }
        """;

    /// <summary>
    /// An LDS file's content: one HTTP listener "http" on <paramref name="port"/> (stat_prefix http, the router
    /// filter) whose HCM takes its routes from <paramref name="routeSpecifierYaml"/> (route_config or rds).
    /// </summary>
    public static string HttpListenerFile(int port, string routeSpecifierYaml) => $$"""
        resources:
        - "@type": type.googleapis.com/envoy.config.listener.v3.Listener
          name: http
          address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
          filter_chains:
          - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: http
                http_filters:
                - name: envoy.filters.http.router
                  typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
        {{Bootstraps.Indent(routeSpecifierYaml, 8)}}
        """;

    /// <summary>A bootstrap whose clusters and listeners come from files (Envoy's dynamic-config-fs example).</summary>
    public static string FileBootstrap(string nodeId, string cds, string lds) => $$"""
        node: { id: {{nodeId}}, cluster: test }
        admin:
          address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
        dynamic_resources:
          cds_config: {{FileSource(cds)}}
          lds_config: {{FileSource(lds)}}
        """;

    /// <summary>A config source naming a file, its directory watched.</summary>
    public static string FileSource(string path) =>
        $"{{ path_config_source: {{ path: {path}, watched_directory: {{ path: {Path.GetDirectoryName(path)} }} }}, resource_api_version: V3 }}";

    /// <summary>A static cluster, as YAML list entry under static_resources.clusters, that speaks h2c to a control plane.</summary>
    public static string ControlPlaneClusterYaml(string name, string address) => $$"""
        - name: {{name}}
          type: STATIC
          connect_timeout: 1s
          typed_extension_protocol_options:
            envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
              "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
              explicit_http_config: { http2_protocol_options: {} }
          load_assignment:
            cluster_name: {{name}}
            endpoints:
            - lb_endpoints:
              - endpoint:
                  address:
                    {{address}}
        """;

    /// <summary>A bootstrap whose only static cluster is the control plane; everything else comes over ADS.</summary>
    public static string AdsBootstrap(int controlPlanePort, string apiType = "GRPC", string? socketPath = null) => $$"""
        node:
          id: sidecar~127.0.0.1~test.default~default.svc.cluster.local
          cluster: test.default
          metadata: { ISTIO_VERSION: "1.24.0", CLUSTER_ID: Kubernetes }
        admin:
          address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
        dynamic_resources:
          ads_config:
            api_type: {{apiType}}
            transport_api_version: V3
            grpc_services:
            - envoy_grpc: { cluster_name: xds-grpc }
          cds_config: { ads: {}, initial_fetch_timeout: 0s, resource_api_version: V3 }
          lds_config: { ads: {}, initial_fetch_timeout: 0s, resource_api_version: V3 }
        static_resources:
          clusters:
        {{Bootstraps.Indent(ControlPlaneClusterYaml("xds-grpc", socketPath is null ? $"socket_address: {{ address: 127.0.0.1, port_value: {controlPlanePort} }}" : $"pipe: {{ path: {socketPath} }}"), 2)}}
        """;
}
