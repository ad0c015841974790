using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Service.Discovery.V3;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;

namespace Proxy.Xds.Tests.Client;

public sealed class XdsClientDeltaTests
{
    private static readonly string Clusters = XdsResourceType.Cluster.TypeUrl;
    private static readonly string Endpoints = XdsResourceType.ClusterLoadAssignment.TypeUrl;

    [Fact]
    public async Task Delta_sends_changes_and_removals_and_resumes_with_initial_resource_versions()
    {
        await using var server = await TestControlPlane.StartAsync();
        var observer = new RecordingObserver();
        var clusters = new RecordingWatcher();
        await using var client = ClientFactory.Create(server, delta: true, observer: observer);
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();
        var first = await server.NextRequestAsync<DeltaDiscoveryRequest>(Clusters);

        server.SetResources(Clusters, "s1", new Cluster { Name = "a" }, new Cluster { Name = "b" });
        var added = await clusters.NextAsync();
        server.SetResources(Clusters, "s2", new Cluster { Name = "a" });
        var removed = await clusters.NextAsync();
        await server.NextRequestAsync<DeltaDiscoveryRequest>(Clusters);
        await server.NextRequestAsync<DeltaDiscoveryRequest>(Clusters);
        server.CloseStreams();
        await observer.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var resumed = await server.NextRequestAsync<DeltaDiscoveryRequest>(Clusters);

        Assert.NotNull(first.Node);
        Assert.Empty(first.ResourceNamesSubscribe);
        Assert.False(added.IsStateOfTheWorld);
        Assert.Equal("s1", added.Version);
        Assert.Equal(["a", "b"], added.Resources.Select(r => r.Name).Order());
        Assert.Empty(removed.Resources);
        Assert.Equal(["b"], removed.Removed);
        Assert.Equal(["a"], resumed.InitialResourceVersions.Keys);
        Assert.Equal(added.Resources.Single(r => r.Name == "a").Version, resumed.InitialResourceVersions["a"]);
    }

    [Fact]
    public async Task Delta_subscribes_and_unsubscribes_names_and_nacks_with_error_detail()
    {
        await using var server = await TestControlPlane.StartAsync();
        var endpoints = new RecordingWatcher { Reject = u => u.Resources.Any(r => r.Name == "bad") ? "cluster_load_assignment 'bad': endpoints[0]: x" : null };
        await using var client = ClientFactory.Create(server, delta: true);
        client.Watch(XdsResourceType.ClusterLoadAssignment, endpoints, ["a"]);
        client.Start();
        var subscribe = await server.NextRequestAsync<DeltaDiscoveryRequest>(Endpoints);

        client.SetNames(XdsResourceType.ClusterLoadAssignment, ["b", "bad"]);
        var change = await server.NextRequestAsync<DeltaDiscoveryRequest>(Endpoints);
        server.SetResources(Endpoints, "1", new ClusterLoadAssignment { ClusterName = "bad" });
        var nack = await server.NextRequestAsync<DeltaDiscoveryRequest>(Endpoints);

        Assert.Equal(["a"], subscribe.ResourceNamesSubscribe);
        Assert.Equal(["b", "bad"], change.ResourceNamesSubscribe.Order());
        Assert.Equal(["a"], change.ResourceNamesUnsubscribe);
        Assert.Equal("cluster_load_assignment 'bad': endpoints[0]: x", nack.ErrorDetail.Message);
    }
}
