using Envoy.Config.Core.V3;
using Proxy.Xds.Client;
using static Proxy.Tests.Discovery.DiscoveryFixture;

namespace Proxy.Tests.Discovery;

public sealed class ClusterDiscoveryTests
{
    [Fact]
    public async Task A_cluster_is_added_kept_when_unchanged_and_removed_when_left_out()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", StaticCluster("a", 8001), StaticCluster("b", 8002)));
        var a = f.Clusters.Get("a");
        Assert.NotNull(a);

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "2", StaticCluster("a", 8001)));

        Assert.Same(a, f.Clusters.Get("a"));
        Assert.Null(f.Clusters.Get("b"));
        Assert.Equal(2UL, f.ClusterWatcher.Stats.Success.Value);
        Assert.Equal("2", f.ClusterWatcher.Stats.VersionText);
        Assert.Equal(1UL, f.Clusters.ClusterRemoved.Value);
    }

    [Fact]
    public async Task A_changed_cluster_gets_a_new_runtime()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", StaticCluster("a", 8001)));
        var first = f.Clusters.Get("a");

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "2", StaticCluster("a", 8009)));

        Assert.NotSame(first, f.Clusters.Get("a"));
        Assert.Equal("127.0.0.1:8009", f.Clusters.Get("a")!.Hosts.Hosts.AllHosts[0].AddressString);
    }

    [Fact]
    public async Task An_invalid_cluster_rejects_the_whole_response_and_names_the_cluster_and_field()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", StaticCluster("a", 8001)));
        var bad = StaticCluster("bad", 8002);
        bad.Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.OriginalDst;
        bad.LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.ClusterProvided;

        var error = Assert.Throws<XdsRejectedException>(() => f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "2", StaticCluster("c", 8003), bad)));

        Assert.StartsWith("cluster 'bad': ", error.Message, StringComparison.Ordinal);
        Assert.Contains("load_assignment", error.Message, StringComparison.Ordinal);
        Assert.NotNull(f.Clusters.Get("a"));
        Assert.Null(f.Clusters.Get("c"));
        Assert.Equal(1UL, f.ClusterWatcher.Stats.Rejected.Value);
        Assert.Equal("1", f.ClusterWatcher.Stats.VersionText);
    }

    [Fact]
    public async Task Duplicate_names_and_static_clusters_are_rejected()
    {
        await using var f = new DiscoveryFixture();

        var duplicate = Assert.Throws<XdsRejectedException>(() => f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", StaticCluster("a", 1), StaticCluster("a", 2))));
        var replacesStatic = Assert.Throws<XdsRejectedException>(() => f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", StaticCluster("static", 1))));

        Assert.Contains("duplicate", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("static cluster", replacesStatic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_whose_eds_config_is_a_file_are_read_from_it_not_subscribed_on_a_stream()
    {
        await using var f = new DiscoveryFixture();
        var fromFile = EdsCluster("from-file", "svc-file");
        fromFile.EdsClusterConfig.EdsConfig = new ConfigSource { PathConfigSource = new PathConfigSource { Path = "/etc/proxy/eds.yaml" } };

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", fromFile, EdsCluster("from-ads", "svc-ads")));

        Assert.Equal(["svc-ads"], f.Interest[XdsResourceType.ClusterLoadAssignment]);
        Assert.Equal(["/etc/proxy/eds.yaml"], f.FileInterest[XdsResourceType.ClusterLoadAssignment]);

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "2", EdsCluster("from-ads", "svc-ads")));

        Assert.Empty(f.FileInterest[XdsResourceType.ClusterLoadAssignment]);
    }

    [Fact]
    public async Task An_eds_cluster_warms_until_its_endpoints_arrive_and_subscribes_to_its_service_name()
    {
        await using var f = new DiscoveryFixture();

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", EdsCluster("outbound|80||svc", "svc-eds")));

        Assert.Null(f.Clusters.Get("outbound|80||svc"));
        Assert.Single(f.Clusters.Warming);
        Assert.Single(f.ClusterWatcher.WarmingResources);
        Assert.Equal(["svc-eds"], f.Interest[XdsResourceType.ClusterLoadAssignment]);

        f.Endpoints.OnUpdate(Sotw(XdsResourceType.ClusterLoadAssignment, "e1", Assignment("svc-eds", 9001, 9002)));

        var cluster = f.Clusters.Get("outbound|80||svc");
        Assert.NotNull(cluster);
        Assert.Equal(2, cluster.Hosts.Hosts.AllHosts.Length);
        Assert.Empty(f.Clusters.Warming);
        Assert.Single(f.ClusterWatcher.Active);
        Assert.Empty(f.ClusterWatcher.WarmingResources);
    }

    [Fact]
    public async Task A_warming_cluster_goes_active_without_endpoints_after_the_initial_fetch_timeout()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", EdsCluster("a")));

        f.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.NotNull(f.Clusters.Get("a"));
        Assert.Empty(f.Clusters.Get("a")!.Hosts.Hosts.AllHosts);
        Assert.Equal(1UL, f.ClusterWatcher.Stats.InitFetchTimeout.Value);
    }

    [Fact]
    public async Task An_updated_eds_cluster_reuses_the_endpoints_already_received()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", EdsCluster("a")));
        f.Endpoints.OnUpdate(Sotw(XdsResourceType.ClusterLoadAssignment, "e1", Assignment("a", 9001)));
        var changed = EdsCluster("a");
        changed.ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3));

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "2", changed));

        Assert.Empty(f.Clusters.Warming);
        Assert.Equal(TimeSpan.FromSeconds(3), f.Clusters.Get("a")!.Config.ConnectTimeout);
        Assert.Single(f.Clusters.Get("a")!.Hosts.Hosts.AllHosts);
    }

    [Fact]
    public async Task Delta_removes_only_the_named_clusters()
    {
        await using var f = new DiscoveryFixture();
        f.ClusterWatcher.OnUpdate(Delta(XdsResourceType.Cluster, "1", [StaticCluster("a", 1), StaticCluster("b", 2)]));

        f.ClusterWatcher.OnUpdate(Delta(XdsResourceType.Cluster, "2", [StaticCluster("c", 3)], "a"));

        Assert.Null(f.Clusters.Get("a"));
        Assert.NotNull(f.Clusters.Get("b"));
        Assert.NotNull(f.Clusters.Get("c"));
    }
}
