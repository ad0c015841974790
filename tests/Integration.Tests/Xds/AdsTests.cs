using Envoy.Service.Discovery.V3;
using Proxy.Integration.Tests.Infrastructure;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;
using static Proxy.Integration.Tests.Xds.XdsResources;

namespace Proxy.Integration.Tests.Xds;

/// <summary>A real proxy process configured only by the in-process control plane over ADS.</summary>
public sealed class AdsTests
{
    private static readonly string Cds = XdsResourceType.Cluster.TypeUrl;
    private static readonly string Eds = XdsResourceType.ClusterLoadAssignment.TypeUrl;
    private static readonly string Lds = XdsResourceType.Listener.TypeUrl;
    private static readonly string Rds = XdsResourceType.RouteConfiguration.TypeUrl;

    [Theory]
    [InlineData("GRPC")]
    [InlineData("DELTA_GRPC")]
    public async Task The_proxy_serves_what_the_control_plane_sends_and_reports_it(string apiType)
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        Publish(cp, "1", port, ("svc", one.Port));

        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port, apiType));
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/hello");

        Assert.Equal(200, response.Status);
        Assert.Equal("one", response.Header("x-upstream"));
        Assert.Equal(1, await proxy.StatAsync("control_plane.connected_state"));
        Assert.Equal(1, await proxy.StatAsync("cluster_manager.cds.update_success"));
        Assert.Equal(1, await proxy.StatAsync("listener_manager.lds.update_success"));
        Assert.Equal(1, await proxy.StatAsync("listener_manager.total_listeners_active"));
        Assert.Equal(2, await proxy.StatAsync("cluster_manager.active_clusters"));
        Assert.Equal(0, await proxy.StatAsync("cluster_manager.warming_clusters"));
        Assert.Equal(0, await proxy.StatAsync("server.state"));
        Assert.Equal(1, await proxy.StatAsync("listener_manager.workers_started"));
        var dump = await proxy.AdminGetAsync("/config_dump?include_eds");
        foreach (var section in new[] { "dynamic_active_clusters", "dynamic_listeners", "active_state", "dynamic_route_configs", "dynamic_endpoint_configs", "\"version_info\": \"1\"", "last_updated" })
        {
            Assert.Contains(section, dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_invalid_route_is_nacked_with_its_name_and_field_and_the_old_routes_keep_serving()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        Publish(cp, "1", port, ("svc", one.Port));
        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port));

        var bad = Routes("r", "svc");
        bad.VirtualHosts[0].Routes[0].Match = new Envoy.Config.Route.V3.RouteMatch { SafeRegex = new Envoy.Type.Matcher.V3.RegexMatcher { Regex = "(unclosed" } };
        cp.SetResources(Rds, "2", bad);
        var nack = await NextNackAsync(cp, Rds);
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.StartsWith("route_configuration 'r': ", nack.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Contains("regex", nack.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Equal("1", nack.VersionInfo);
        Assert.Equal(200, response.Status);
        Assert.Equal(1, await proxy.StatAsync("http.http.rds.r.update_rejected"));
    }

    [Fact]
    public async Task Routes_clusters_and_listeners_change_and_go_away_as_the_control_plane_says()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var two = await TestUpstream.StartAsync("two");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        Publish(cp, "1", port, ("svc", one.Port));
        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port), ["--log-level", "info", "--drain-time-s", "1"]);

        // A new cluster with its endpoints, then the route moves to it.
        cp.SetResources(Cds, "2", EdsCluster("svc"), EdsCluster("svc2"));
        cp.SetResources(Eds, "2", Endpoints("svc", one.Port), Endpoints("svc2", two.Port));
        await Eventually.UntilAsync(() => proxy.StatAsync("cluster_manager.active_clusters"), n => n == 3, "svc2 active");
        cp.SetResources(Rds, "2", Routes("r", "svc2"));
        var moved = await Eventually.UntilAsync(() => Curl.GetAsync($"http://127.0.0.1:{port}/"), r => r.Header("x-upstream") == "two", "route to svc2");

        // Endpoints alone change: the cluster keeps its runtime.
        cp.SetResources(Eds, "3", Endpoints("svc", one.Port), Endpoints("svc2", one.Port));
        await Eventually.UntilAsync(() => Curl.GetAsync($"http://127.0.0.1:{port}/"), r => r.Header("x-upstream") == "one", "svc2 endpoints moved");
        Assert.Equal(0, await proxy.StatAsync("cluster_manager.cluster_modified"));

        // svc leaves CDS; the listener leaves LDS.
        cp.SetResources(Cds, "3", EdsCluster("svc2"));
        await Eventually.UntilAsync(() => proxy.StatAsync("cluster_manager.active_clusters"), n => n == 2, "svc removed");
        cp.SetResources(Lds, "2");
        await Eventually.UntilAsync(() => Curl.GetAsync($"http://127.0.0.1:{port}/"), r => r.ExitCode == 7, "listener removed (connection refused)");

        Assert.Equal(200, moved.Status);
        Assert.Equal(1, await proxy.StatAsync("listener_manager.listener_removed"));
        Assert.Equal(1, await proxy.StatAsync("cluster_manager.cluster_removed"));
    }

    [Fact]
    public async Task When_the_control_plane_goes_away_the_last_configuration_keeps_serving_and_the_proxy_reconnects()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        Publish(cp, "1", port, ("svc", one.Port));
        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port));

        cp.RefuseWith = (14, "control plane restarting");
        cp.CloseStreams();
        await Eventually.UntilAsync(() => proxy.StatAsync("control_plane.connected_state"), n => n == 0, "disconnected");
        var whileDown = await Curl.GetAsync($"http://127.0.0.1:{port}/");
        var opened = cp.StreamsOpened;
        cp.RefuseWith = null;
        var resumed = await cp.NextRequestAsync<DiscoveryRequest>(Cds, TimeSpan.FromSeconds(40));
        await Eventually.UntilAsync(() => proxy.StatAsync("control_plane.connected_state"), n => n == 1, "reconnected", TimeSpan.FromSeconds(40));

        Assert.Equal(200, whileDown.Status);
        Assert.True(cp.StreamsOpened > opened);
        Assert.True(await proxy.StatAsync("cluster_manager.cds.update_failure") >= 1);
        Assert.Contains(cp.AllRequests, r => r is DiscoveryRequest { TypeUrl: var t, VersionInfo: "1", ResponseNonce: "" } && t == Cds);
        Assert.Equal(Cds, resumed.TypeUrl);
    }

    [Fact]
    public async Task Xds_over_a_unix_socket_like_pilot_agent_serves_it()
    {
        await using var one = await TestUpstream.StartAsync("one");
        var socket = Path.Combine(Path.GetTempPath(), $"xds-{Guid.NewGuid():N}.sock");
        await using var cp = await TestControlPlane.StartAsync(socket);
        var port = FreePort.Get();
        Publish(cp, "1", port, ("svc", one.Port));

        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(0, socketPath: socket));
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal("one", response.Header("x-upstream"));
        File.Delete(socket);
    }

    [Fact]
    public async Task A_listener_waits_for_its_routes_and_the_server_is_not_ready_before_them()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        cp.SetResources(Cds, "1", EdsCluster("svc"));
        cp.SetResources(Eds, "1", Endpoints("svc", one.Port));
        cp.SetResources(Lds, "1", HttpListener("http", port, "r"));

        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port), waitReady: false);
        await cp.NextRequestAsync<DiscoveryRequest>(Rds, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => proxy.StatAsync("listener_manager.total_listeners_warming"), n => n == 1, "listener warming", TimeSpan.FromSeconds(30));
        var ready = await Curl.GetAsync(proxy.AdminUrl + "/ready");
        cp.SetResources(Rds, "1", Routes("r", "svc"));
        await proxy.WaitReadyAsync();
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(503, ready.Status);
        Assert.Equal(200, response.Status);
        Assert.Equal(0, await proxy.StatAsync("listener_manager.total_listeners_warming"));
    }

    internal static void Publish(TestControlPlane cp, string version, int listenerPort, params (string Cluster, int Port)[] services)
    {
        cp.SetResources(Cds, version, [.. services.Select(s => EdsCluster(s.Cluster))]);
        cp.SetResources(Eds, version, [.. services.Select(s => Endpoints(s.Cluster, s.Port))]);
        cp.SetResources(Lds, version, HttpListener("http", listenerPort, "r"));
        cp.SetResources(Rds, version, Routes("r", services[0].Cluster));
    }

    private static async Task<DiscoveryRequest> NextNackAsync(TestControlPlane cp, string typeUrl)
    {
        while (true)
        {
            var request = await cp.NextRequestAsync<DiscoveryRequest>(typeUrl, TimeSpan.FromSeconds(20));
            if (request.ErrorDetail is not null)
            {
                return request;
            }
        }
    }
}
