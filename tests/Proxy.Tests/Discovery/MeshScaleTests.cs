using Proxy.Discovery;
using Proxy.Stats;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Xds.Client;
using static Proxy.Tests.Discovery.DiscoveryFixture;

namespace Proxy.Tests.Discovery;

/// <summary>What keeps a mesh-sized push cheap: one publish per response, memory given back once per burst, no per-stat work for rejected stats.</summary>
public sealed class MeshScaleTests
{
    [Fact]
    public async Task Inside_a_batch_requests_see_the_old_cluster_set_until_the_batch_ends()
    {
        await using var f = new DiscoveryFixture();
        f.Clusters.AddOrUpdate(ConfigTranslatorCluster("a"));

        using (f.Clusters.BeginBatch())
        {
            f.Clusters.AddOrUpdate(ConfigTranslatorCluster("b"));
            f.Clusters.Remove("a");

            Assert.NotNull(f.Clusters.Get("a"));
            Assert.Null(f.Clusters.Get("b"));
            Assert.Equal(["b"], f.Clusters.Clusters.Select(c => c.Name));
        }

        Assert.Null(f.Clusters.Get("a"));
        Assert.NotNull(f.Clusters.Get("b"));
    }

    [Fact]
    public async Task A_cds_response_is_published_to_requests_at_once()
    {
        await using var f = new DiscoveryFixture();
        var clusters = Enumerable.Range(0, 50).Select(i => (Google.Protobuf.IMessage)StaticCluster("c" + i, 1000 + i)).ToArray();

        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", clusters));

        Assert.All(Enumerable.Range(0, 50), i => Assert.NotNull(f.Clusters.Get("c" + i)));
        Assert.Equal(50, f.Clusters.ActiveClusters.Value);
    }

    [Fact]
    public async Task Endpoints_for_many_warming_clusters_finish_all_of_them_in_one_response()
    {
        await using var f = new DiscoveryFixture();
        var names = Enumerable.Range(0, 40).Select(i => "eds" + i).ToArray();
        f.ClusterWatcher.OnUpdate(Sotw(XdsResourceType.Cluster, "1", [.. names.Select(n => (Google.Protobuf.IMessage)EdsCluster(n))]));
        Assert.Equal(40, f.Clusters.Warming.Count);

        f.Endpoints.OnUpdate(Sotw(XdsResourceType.ClusterLoadAssignment, "1", [.. names.Select(n => (Google.Protobuf.IMessage)Assignment(n, 9000))]));

        Assert.Empty(f.Clusters.Warming);
        Assert.All(names, n => Assert.Single(f.Clusters.Get(n)!.Hosts.Hosts.AllHosts));
    }

    [Fact]
    public void A_large_update_schedules_one_collection_after_a_quiet_second_and_a_small_one_none()
    {
        var time = new FakeTimeProvider();
        using var reclaimer = new MemoryReclaimer(time);
        var inner = new CountingWatcher();
        var watcher = reclaimer.Watch(inner);
        var large = Sotw(XdsResourceType.Cluster, "1", [.. Enumerable.Range(0, MemoryReclaimer.LargeUpdate).Select(i => (Google.Protobuf.IMessage)StaticCluster("c" + i, 1))]);

        watcher.OnUpdate(Sotw(XdsResourceType.Cluster, "0", StaticCluster("small", 1)));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, reclaimer.Collections);

        watcher.OnUpdate(large);
        time.Advance(TimeSpan.FromMilliseconds(600));
        watcher.OnUpdate(large);
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(0, reclaimer.Collections);
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, reclaimer.Collections);
        Assert.Equal(3, inner.Updates);
    }

    [Fact]
    public void No_collection_runs_while_an_update_is_applied_and_the_quiet_second_starts_again_after_it()
    {
        var time = new FakeTimeProvider();
        using var reclaimer = new MemoryReclaimer(time);
        var slow = new SlowWatcher(time, TimeSpan.FromMilliseconds(1500));
        var watcher = reclaimer.Watch(slow);
        var large = Sotw(XdsResourceType.Cluster, "1", [.. Enumerable.Range(0, MemoryReclaimer.LargeUpdate).Select(i => (Google.Protobuf.IMessage)StaticCluster("c" + i, 1))]);

        watcher.OnUpdate(large);
        // The second update takes 1.5 s: the quiet second of the first ends inside it.
        watcher.OnUpdate(Sotw(XdsResourceType.ClusterLoadAssignment, "1", new Envoy.Config.Endpoint.V3.ClusterLoadAssignment { ClusterName = "c0" }));
        Assert.Equal(0, reclaimer.Collections);
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(0, reclaimer.Collections);
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(1, reclaimer.Collections);
    }

    [Fact]
    public void A_stat_rejected_by_the_matcher_keeps_no_name_and_a_kept_one_is_tagged_when_read()
    {
        var options = StatsConfigTranslator.Translate(new Envoy.Config.Metrics.V3.StatsConfig
        {
            StatsMatcher = new Envoy.Config.Metrics.V3.StatsMatcher
            {
                InclusionList = new Envoy.Type.Matcher.V3.ListStringMatcher { Patterns = { new Envoy.Type.Matcher.V3.StringMatcher { Prefix = "cluster_manager" } } },
            },
        });
        var store = new StatsStore(options);

        var rejected = store.Counter("cluster.outbound|80||a.svc.upstream_rq_total");
        store.Counter("cluster_manager.cds.update_success");
        rejected.Inc();

        Assert.Equal(StatsStore.RejectedName, rejected.Name);
        Assert.Equal(0UL, rejected.Value);
        var kept = Assert.Single(store.Counters());
        Assert.Equal("cluster_manager.cds.update_success", kept.Name);
        Assert.Equal("cluster_manager.cds.update_success", kept.TagExtractedName);
    }

    private static Proxy.Upstream.Config.ClusterConfig ConfigTranslatorCluster(string name) => Proxy.Config.ConfigTranslator.TranslateCluster(StaticCluster(name, 1));

    /// <summary>A watcher whose updates take <see cref="Duration"/> of the fake clock.</summary>
    private sealed class SlowWatcher(FakeTimeProvider time, TimeSpan duration) : IXdsWatcher
    {
        public void OnUpdate(XdsUpdate update) => time.Advance(duration);
    }

    private sealed class CountingWatcher : IXdsWatcher
    {
        public int Updates { get; private set; }

        public void OnUpdate(XdsUpdate update) => Updates++;
    }
}
