using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf;
using Proxy.Discovery;
using Proxy.Upstream.Config;
using Proxy.Xds.Client;

namespace Proxy.Tests.Discovery;

/// <summary>Resources kept for /config_dump in their wire form, and endpoint metadata shared between equal values.</summary>
public sealed class DynamicResourceTests
{
    private static Cluster Cluster(string name, string sni = "a") => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        TransportSocket = new TransportSocket { Name = sni },
    };

    [Fact]
    public void ACompactResourceReadsBackAsSentAndComparesByWireForm()
    {
        var sent = Cluster("c1");
        var now = DateTimeOffset.UnixEpoch;

        var compact = DynamicResource.Compact(new XdsResource("c1", "v1", sent), Envoy.Config.Cluster.V3.Cluster.Parser, now);

        Assert.Equal(sent, compact.Proto);
        Assert.NotSame(sent, compact.Proto);
        Assert.True(compact.SameAs(new XdsResource("c1", "v2", Cluster("c1"))));
        Assert.False(compact.SameAs(new XdsResource("c1", "v2", Cluster("c1", sni: "b"))));
        Assert.Equal(sent.ToByteString(), compact.ToByteString());
        Assert.True(new DynamicResource("c1", "v1", sent, now).SameAs(new XdsResource("c1", "v2", Cluster("c1"))));
    }

    [Fact]
    public void AResourceFromTheWireIsKeptInTheBytesItCameInAndComparedByThem()
    {
        var wire = Cluster("c1").ToByteString();
        var received = new XdsResource("c1", "v1", Envoy.Config.Cluster.V3.Cluster.Parser.ParseFrom(wire)) { Wire = wire };

        var compact = DynamicResource.Compact(received, Envoy.Config.Cluster.V3.Cluster.Parser, DateTimeOffset.UnixEpoch);

        Assert.Same(wire, compact.ToByteString());
        // The comparison uses the bytes sent, not the message: a resource whose wire form differs is changed.
        var resent = new XdsResource("c1", "v2", Cluster("c1")) { Wire = Cluster("c1", sni: "b").ToByteString() };
        Assert.False(compact.SameAs(resent));
        Assert.True(compact.SameAs(new XdsResource("c1", "v2", Cluster("c1", sni: "b")) { Wire = wire }));
    }

    [Fact]
    public void EqualEndpointMetadataIsOneInstance()
    {
        static LbEndpoint Endpoint(string address, string tlsMode)
        {
            var endpoint = new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = 80 } } },
                Metadata = new Metadata(),
            };
            var match = new Google.Protobuf.WellKnownTypes.Struct();
            match.Fields["tlsMode"] = Google.Protobuf.WellKnownTypes.Value.ForString(tlsMode);
            endpoint.Metadata.FilterMetadata["envoy.transport_socket_match"] = match;
            return endpoint;
        }

        var assignment = new ClusterLoadAssignment { ClusterName = "c" };
        var locality = new LocalityLbEndpoints();
        locality.LbEndpoints.Add(Endpoint("10.0.0.1", "istio"));
        locality.LbEndpoints.Add(Endpoint("10.0.0.2", "istio"));
        locality.LbEndpoints.Add(Endpoint("10.0.0.3", "disabled"));
        assignment.Endpoints.Add(locality);

        var endpoints = EndpointTranslator.Translate(assignment).Localities[0].Endpoints;

        Assert.Same(endpoints[0].Metadata, endpoints[1].Metadata);
        Assert.NotSame(endpoints[0].Metadata, endpoints[2].Metadata);
        Assert.Equal("disabled", endpoints[2].Metadata!.FilterMetadata["envoy.transport_socket_match"].Fields["tlsMode"].StringValue);
    }
}
