using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Client;
using Proxy.Xds.Grpc;
using Proxy.Xds.Tests.ControlPlane;

namespace Proxy.Xds.Tests.Client;

public sealed class XdsClientSotwTests
{
    private static readonly string Clusters = XdsResourceType.Cluster.TypeUrl;
    private static readonly string Listeners = XdsResourceType.Listener.TypeUrl;
    private static readonly string Endpoints = XdsResourceType.ClusterLoadAssignment.TypeUrl;

    [Fact]
    public async Task The_first_requests_go_in_envoys_order_with_the_node_once_and_a_response_is_acked()
    {
        await using var server = await TestControlPlane.StartAsync();
        var clusters = new RecordingWatcher();
        await using var client = ClientFactory.Create(server);
        client.Watch(XdsResourceType.Listener, new RecordingWatcher(), null);
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();

        var cds = await server.NextRequestAsync<DiscoveryRequest>(Clusters);
        var lds = await server.NextRequestAsync<DiscoveryRequest>(Listeners);
        server.SetResources(Clusters, "v1", new Cluster { Name = "a" }, new Cluster { Name = "b" });
        var update = await clusters.NextAsync();
        var ack = await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        Assert.IsType<DiscoveryRequest>(server.AllRequests.First());
        Assert.Equal(Clusters, ((DiscoveryRequest)server.AllRequests.First()).TypeUrl);
        Assert.Equal("sidecar~10.0.0.1~pod.ns~ns.svc.cluster.local", cds.Node.Id);
        Assert.Null(lds.Node);
        Assert.Empty(cds.ResourceNames);
        Assert.Equal(["a", "b"], update.Resources.Select(r => r.Name));
        Assert.True(update.IsStateOfTheWorld);
        Assert.Equal("v1", update.Version);
        Assert.Equal("v1", ack.VersionInfo);
        Assert.False(string.IsNullOrEmpty(ack.ResponseNonce));
        Assert.Null(ack.ErrorDetail);
    }

    [Fact]
    public async Task A_rejected_update_is_nacked_with_the_message_and_the_last_accepted_version()
    {
        await using var server = await TestControlPlane.StartAsync();
        var clusters = new RecordingWatcher { Reject = u => u.Version == "v2" ? "cluster 'b': lb_policy: bad" : null };
        await using var client = ClientFactory.Create(server);
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);
        server.SetResources(Clusters, "v1", new Cluster { Name = "a" });
        await clusters.NextAsync();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        server.SetResources(Clusters, "v2", new Cluster { Name = "b" });
        var nack = await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        Assert.Equal("v1", nack.VersionInfo);
        Assert.NotNull(nack.ErrorDetail);
        Assert.Equal(GrpcStatus.Internal, nack.ErrorDetail.Code);
        Assert.Equal("cluster 'b': lb_policy: bad", nack.ErrorDetail.Message);
    }

    [Fact]
    public async Task A_resource_that_does_not_parse_or_has_the_wrong_type_is_nacked_without_calling_the_watcher()
    {
        await using var server = await TestControlPlane.StartAsync();
        var clusters = new RecordingWatcher();
        await using var client = ClientFactory.Create(server);
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        var garbage = new DiscoveryResponse { TypeUrl = Clusters, VersionInfo = "bad" };
        garbage.Resources.Add(new Any { TypeUrl = Clusters, Value = ByteString.CopyFrom(0xff, 0xff, 0xff) });
        server.PushRaw(garbage);
        var first = await server.NextRequestAsync<DiscoveryRequest>(Clusters);
        var wrongType = new DiscoveryResponse { TypeUrl = Clusters, VersionInfo = "wrong" };
        wrongType.Resources.Add(Any.Pack(new Listener { Name = "l" }));
        server.PushRaw(wrongType);
        var second = await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        Assert.Contains("does not parse", first.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Contains("envoy.config.listener.v3.Listener", second.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, second.VersionInfo);
        Assert.False(clusters.TryNext(out _));
    }

    [Fact]
    public async Task Endpoints_are_named_from_their_bytes_and_parsed_when_read_and_one_that_does_not_parse_then_nacks_the_response()
    {
        await using var server = await TestControlPlane.StartAsync();
        // Like the proxy's EDS watcher, it reads every resource before accepting any.
        var endpoints = new RecordingWatcher { Reject = update => update.Resources.All(r => r.Message is ClusterLoadAssignment) ? null : "not an assignment" };
        await using var client = ClientFactory.Create(server);
        client.Watch(XdsResourceType.ClusterLoadAssignment, endpoints, ["a", "b"]);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Endpoints);

        var good = new ClusterLoadAssignment { ClusterName = "a", Endpoints = { new LocalityLbEndpoints { Priority = 1 } } };
        server.SetResources(Endpoints, "v1", good);
        var update = await endpoints.NextAsync();
        var ack = await server.NextRequestAsync<DiscoveryRequest>(Endpoints);

        // "b": its name reads from the top-level fields, but its endpoints field holds a truncated message.
        var broken = new ClusterLoadAssignment { ClusterName = "b" }.ToByteString().Concat(ByteString.CopyFrom(0x12, 0x02, 0x08, 0xff)).ToArray();
        var response = new DiscoveryResponse { TypeUrl = Endpoints, VersionInfo = "v2" };
        response.Resources.Add(Any.Pack(good));
        response.Resources.Add(new Any { TypeUrl = Endpoints, Value = ByteString.CopyFrom(broken) });
        server.PushRaw(response);
        var nack = await server.NextRequestAsync<DiscoveryRequest>(Endpoints);
        var framing = new DiscoveryResponse { TypeUrl = Endpoints, VersionInfo = "v3" };
        framing.Resources.Add(new Any { TypeUrl = Endpoints, Value = ByteString.CopyFrom(0x0a, 0x05, 0x61) });
        server.PushRaw(framing);
        var second = await server.NextRequestAsync<DiscoveryRequest>(Endpoints);

        var resource = Assert.Single(update.Resources);
        Assert.Equal("a", resource.Name);
        Assert.Equal(good, resource.Message);
        Assert.NotSame(resource.Message, resource.Message);
        Assert.Null(ack.ErrorDetail);
        Assert.Equal("v1", nack.VersionInfo);
        Assert.StartsWith("envoy.config.endpoint.v3.ClusterLoadAssignment 'b': the resource does not parse: ", nack.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.Contains("does not parse", second.ErrorDetail.Message, StringComparison.Ordinal);
        Assert.False(endpoints.TryNext(out _));
    }

    [Fact]
    public async Task Names_set_by_a_watcher_are_requested_after_its_ack_and_resources_wrapped_in_resource_are_unwrapped()
    {
        await using var server = await TestControlPlane.StartAsync();
        XdsClient? self = null;
        var clusters = new RecordingWatcher();
        clusters.OnAccepted = u => self!.SetNames(XdsResourceType.ClusterLoadAssignment, [.. u.Resources.Select(r => r.Name)]);
        var endpoints = new RecordingWatcher();
        await using var client = ClientFactory.Create(server);
        self = client;
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Watch(XdsResourceType.ClusterLoadAssignment, endpoints, []);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        server.SetResources(Clusters, "1", new Cluster { Name = "svc-a" });
        var ack = await server.NextRequestAsync<DiscoveryRequest>(Clusters);
        var eds = await server.NextRequestAsync<DiscoveryRequest>(Endpoints);
        var wrapped = new DiscoveryResponse { TypeUrl = Endpoints, VersionInfo = "e1" };
        wrapped.Resources.Add(Any.Pack(new Resource { Name = "svc-a", Version = "r7", Resource_ = Any.Pack(new ClusterLoadAssignment { ClusterName = "svc-a" }) }));
        server.PushRaw(wrapped);
        var update = await endpoints.NextAsync();

        Assert.Equal(["svc-a"], eds.ResourceNames);
        Assert.True(Array.IndexOf(server.AllRequests.ToArray(), ack) < Array.IndexOf(server.AllRequests.ToArray(), eds));
        Assert.Equal("svc-a", update.Resources[0].Name);
        Assert.Equal("r7", update.Resources[0].Version);
    }

    [Fact]
    public async Task After_the_stream_closes_the_client_reconnects_and_tells_the_version_it_holds()
    {
        await using var server = await TestControlPlane.StartAsync();
        var observer = new RecordingObserver();
        var clusters = new RecordingWatcher();
        await using var client = ClientFactory.Create(server, observer: observer);
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);
        server.SetResources(Clusters, "v1", new Cluster { Name = "a" });
        await clusters.NextAsync();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        server.CloseStreams(14, "going away");
        var status = await observer.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var again = await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        Assert.Equal(14, status.Code);
        Assert.Equal("going away", status.Message);
        Assert.Equal("v1", again.VersionInfo);
        Assert.Equal(string.Empty, again.ResponseNonce);
        Assert.NotNull(again.Node);
        Assert.Equal(2, server.StreamsOpened);
    }

    [Fact]
    public async Task A_refused_stream_reports_the_status_of_a_trailers_only_response_and_is_retried()
    {
        await using var server = await TestControlPlane.StartAsync();
        server.RefuseWith = (7, "not allowed: node x");
        var observer = new RecordingObserver();
        await using var client = ClientFactory.Create(server, observer: observer);
        client.Watch(XdsResourceType.Cluster, new RecordingWatcher(), null);
        client.Start();

        var status = await observer.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(10));
        server.RefuseWith = null;
        var request = await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        Assert.Equal(GrpcStatus.PermissionDenied, status.Code);
        Assert.Equal("not allowed: node x", status.Message);
        Assert.Equal(Clusters, request.TypeUrl);
    }

    [Fact]
    public async Task The_client_connects_over_a_unix_socket_and_to_a_per_type_service()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xds-{Guid.NewGuid():N}.sock");
        await using var server = await TestControlPlane.StartAsync(path);
        var clusters = new RecordingWatcher();
        await using var client = ClientFactory.Create(server, socketPath: path, method: "/envoy.service.cluster.v3.ClusterDiscoveryService/StreamClusters");
        client.Watch(XdsResourceType.Cluster, clusters, null);
        client.Start();
        await server.NextRequestAsync<DiscoveryRequest>(Clusters);

        server.SetResources(Clusters, "uds-1", new Cluster { Name = "a" });

        Assert.Equal("uds-1", (await clusters.NextAsync()).Version);
        File.Delete(path);
    }
}
