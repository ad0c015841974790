using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Integration.Tests.Infrastructure;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;
using static Proxy.Integration.Tests.Xds.XdsResources;

namespace Proxy.Integration.Tests.Xds;

/// <summary>
/// A route configuration whose rds.config_source names its own api_config_source is fetched from that
/// cluster's RouteDiscoveryService, not over ADS: the listeners come from one control plane, their routes
/// from another.
/// </summary>
public sealed class PerResourceConfigSourceTests
{
    [Fact]
    public async Task Routes_come_from_the_control_plane_their_config_source_names()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var ads = await TestControlPlane.StartAsync();
        await using var routes = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        var listener = ListenerWithRoutesFrom(port, "routes-grpc");
        ads.SetResources(XdsResourceType.Cluster.TypeUrl, "1", EdsCluster("svc"));
        ads.SetResources(XdsResourceType.ClusterLoadAssignment.TypeUrl, "1", Endpoints("svc", one.Port));
        ads.SetResources(XdsResourceType.Listener.TypeUrl, "1", listener);
        routes.SetResources(XdsResourceType.RouteConfiguration.TypeUrl, "7", Routes("r", "svc"));

        var routesCluster = ControlPlaneClusterYaml("routes-grpc", $"socket_address: {{ address: 127.0.0.1, port_value: {routes.Port} }}");

        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(ads.Port) + "\n" + Bootstraps.Indent(routesCluster, 2));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Status, s => s == 200, "routes from their own control plane");
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal("one", response.Header("x-upstream"));
        Assert.Contains("\"version_info\": \"7\"", await proxy.AdminGetAsync("/config_dump?resource=dynamic_route_configs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_whose_api_config_source_names_no_cluster_are_logged_and_the_listener_serves_after_its_fetch_timeout()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var ads = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        ads.SetResources(XdsResourceType.Cluster.TypeUrl, "1", EdsCluster("svc"));
        ads.SetResources(XdsResourceType.ClusterLoadAssignment.TypeUrl, "1", Endpoints("svc", one.Port));
        ads.SetResources(XdsResourceType.Listener.TypeUrl, "1", ListenerWithRoutesFrom(port, "no-such-cluster", TimeSpan.FromSeconds(1)));

        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(ads.Port));
        await Eventually.UntilAsync(() => proxy.StatAsync("listener_manager.total_listeners_active"), n => n == 1, "listener active after its route fetch timed out");
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(404, response.Status);
        Assert.Contains("unknown cluster 'no-such-cluster'", proxy.Output, StringComparison.Ordinal);
        Assert.Equal(1, await proxy.StatAsync("listener_manager.lds.update_success"));
    }

    /// <summary>An HTTP listener whose route configuration "r" comes from the RDS service of <paramref name="cluster"/>.</summary>
    private static Envoy.Config.Listener.V3.Listener ListenerWithRoutesFrom(int port, string cluster, TimeSpan? initialFetchTimeout = null)
    {
        var listener = HttpListener("http", port, "r");
        var hcm = listener.FilterChains[0].Filters[0].TypedConfig.Unpack<HttpConnectionManager>();
        var source = new ApiConfigSource { ApiType = ApiConfigSource.Types.ApiType.Grpc, TransportApiVersion = ApiVersion.V3 };
        source.GrpcServices.Add(new GrpcService { EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = cluster } });
        hcm.Rds.ConfigSource = new ConfigSource { ApiConfigSource = source, ResourceApiVersion = ApiVersion.V3 };
        if (initialFetchTimeout is { } timeout)
        {
            hcm.Rds.ConfigSource.InitialFetchTimeout = Duration.FromTimeSpan(timeout);
        }

        listener.FilterChains[0].Filters[0].TypedConfig = Any.Pack(hcm);
        return listener;
    }
}
