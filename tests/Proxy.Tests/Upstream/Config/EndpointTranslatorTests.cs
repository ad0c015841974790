using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Proxy.Filters.Extensions;
using Proxy.Upstream.Config;
using HealthStatus = Envoy.Config.Core.V3.HealthStatus;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Proxy.Tests.Upstream.Config;

public sealed class EndpointTranslatorTests
{
    [Fact]
    public void TranslatesLocalitiesEndpointsAndDefaults()
    {
        var assignment = Assignment("c",
            Locality("us-east-1", "a", 2, 1, Lb("10.0.0.1", 80), Lb("10.0.0.2", 80, weight: 5, status: HealthStatus.Degraded)));
        assignment.Endpoints[0].LbEndpoints[0].Endpoint.Hostname = "pod-1";

        var result = EndpointTranslator.Translate(assignment);

        Assert.Equal("c", result.ClusterName);
        Assert.Equal(140u, result.OverprovisioningFactor);
        var locality = Assert.Single(result.Localities);
        Assert.Equal(new Proxy.Upstream.Config.Locality("us-east-1", "a", string.Empty), locality.Locality);
        Assert.Equal(2u, locality.LoadBalancingWeight);
        Assert.Equal(1, locality.Priority);
        Assert.Equal(1u, locality.Endpoints[0].Weight);
        Assert.Equal("pod-1", locality.Endpoints[0].Hostname);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80), locality.Endpoints[0].Address.EndPoint);
        Assert.Equal("10.0.0.1:80", locality.Endpoints[0].Address.AsString);
        Assert.Equal(5u, locality.Endpoints[1].Weight);
        Assert.Equal(EndpointHealthStatus.Degraded, locality.Endpoints[1].HealthStatus);
    }

    [Theory]
    [InlineData(HealthStatus.Unknown, EndpointHealthStatus.Unknown)]
    [InlineData(HealthStatus.Healthy, EndpointHealthStatus.Healthy)]
    [InlineData(HealthStatus.Unhealthy, EndpointHealthStatus.Unhealthy)]
    [InlineData(HealthStatus.Draining, EndpointHealthStatus.Draining)]
    [InlineData(HealthStatus.Timeout, EndpointHealthStatus.Timeout)]
    [InlineData(HealthStatus.Degraded, EndpointHealthStatus.Degraded)]
    public void HealthStatusIsKept(HealthStatus proto, EndpointHealthStatus expected)
    {
        var result = EndpointTranslator.Translate(Assignment("c", Locality(null, null, null, 0, Lb("10.0.0.1", 80, status: proto))));
        Assert.Equal(expected, result.Localities[0].Endpoints[0].HealthStatus);
    }

    [Fact]
    public void ZeroWeightsAreRefusedWithTheirPath()
    {
        var assignment = Assignment("c", Locality(null, null, null, 0, Lb("10.0.0.1", 80), Lb("10.0.0.2", 80, weight: 0)));
        AssertError(assignment, "cluster_load_assignment 'c': endpoints[0].lb_endpoints[1].load_balancing_weight: must be at least 1");

        assignment = Assignment("c", Locality(null, null, 0, 0, Lb("10.0.0.1", 80)));
        AssertError(assignment, "cluster_load_assignment 'c': endpoints[0].load_balancing_weight: must be at least 1");
    }

    [Fact]
    public void PriorityAtMost128()
    {
        AssertError(Assignment("c", Locality(null, null, null, 129, Lb("10.0.0.1", 80))),
            "cluster_load_assignment 'c': endpoints[0].priority: must be at most 128, got 129");
    }

    [Fact]
    public void EdsEndpointsMustBeIpLiterals()
    {
        AssertError(Assignment("c", Locality(null, null, null, 0, Lb("backend.local", 80))),
            "cluster_load_assignment 'c': endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address: malformed IP address: backend.local");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0")]
    [InlineData("[::1]")]
    public void IpLiteralsAreParsedStrictly(string address)
    {
        Assert.Throws<ConfigException>(() => EndpointTranslator.Translate(Assignment("c", Locality(null, null, null, 0, Lb(address, 80)))));
    }

    [Fact]
    public void Ipv6IsPrintedInBrackets()
    {
        var result = EndpointTranslator.Translate(Assignment("c", Locality(null, null, null, 0, Lb("2001:db8::1", 8080))));
        Assert.Equal("[2001:db8::1]:8080", result.Localities[0].Endpoints[0].Address.AsString);
    }

    [Fact]
    public void PipesAndInternalAddresses()
    {
        var locality = new LocalityLbEndpoints();
        locality.LbEndpoints.Add(new LbEndpoint { Endpoint = new Endpoint { Address = new Address { Pipe = new Pipe { Path = "/etc/istio/proxy/XDS" } } } });
        locality.LbEndpoints.Add(new LbEndpoint
        {
            Endpoint = new Endpoint
            {
                Address = new Address
                {
                    EnvoyInternalAddress = new EnvoyInternalAddress { ServerListenerName = "connect_originate", EndpointId = "10.1.1.1:80" },
                },
            },
        });
        var result = EndpointTranslator.Translate(Assignment("c", locality));

        var pipe = result.Localities[0].Endpoints[0].Address;
        Assert.Equal(EndpointAddressKind.Pipe, pipe.Kind);
        Assert.IsType<UnixDomainSocketEndPoint>(pipe.EndPoint);
        Assert.Equal("/etc/istio/proxy/XDS", pipe.AsString);
        var internalAddress = result.Localities[0].Endpoints[1].Address;
        Assert.Equal(EndpointAddressKind.EnvoyInternal, internalAddress.Kind);
        Assert.Equal("envoy://connect_originate/10.1.1.1:80", internalAddress.AsString);
    }

    [Fact]
    public void NamedPortsAreRefused()
    {
        var assignment = Assignment("c", Locality(null, null, null, 0, Lb("10.0.0.1", 80)));
        assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.NamedPort = "http";
        AssertError(assignment, "cluster_load_assignment 'c': endpoints[0].lb_endpoints[0].endpoint.address.socket_address.named_port: " +
                                "named ports are not supported; use port_value");
    }

    [Fact]
    public void PolicyOverprovisioningAndDropOverloads()
    {
        var assignment = Assignment("c", Locality(null, null, null, 0, Lb("10.0.0.1", 80)));
        assignment.Policy = new ClusterLoadAssignment.Types.Policy { OverprovisioningFactor = 200 };
        assignment.Policy.DropOverloads.Add(new ClusterLoadAssignment.Types.Policy.Types.DropOverload
        {
            Category = "throttle",
            DropPercentage = new Envoy.Type.V3.FractionalPercent
            {
                Numerator = 25,
                Denominator = Envoy.Type.V3.FractionalPercent.Types.DenominatorType.Hundred,
            },
        });
        var result = EndpointTranslator.Translate(assignment);
        Assert.Equal(200u, result.OverprovisioningFactor);
        Assert.Equal(new DropOverload("throttle", 0.25), Assert.Single(result.DropOverloads));

        assignment.Policy.DropOverloads.Add(assignment.Policy.DropOverloads[0].Clone());
        AssertError(assignment, "cluster_load_assignment 'c': policy.drop_overloads: Cluster drop_overloads config has 2 categories. Envoy only support one.");
    }

    [Fact]
    public void HealthCheckConfigAndAdditionalAddressesAreRecorded()
    {
        var assignment = Assignment("c", Locality(null, null, null, 0, Lb("10.0.0.1", 80)));
        var endpoint = assignment.Endpoints[0].LbEndpoints[0].Endpoint;
        endpoint.HealthCheckConfig = new Endpoint.Types.HealthCheckConfig { PortValue = 8081, Hostname = "hc.local" };
        endpoint.AdditionalAddresses.Add(new Endpoint.Types.AdditionalAddress
        {
            Address = new Address { SocketAddress = new SocketAddress { Address = "fd00::1", PortValue = 80 } },
        });

        var result = EndpointTranslator.Translate(assignment).Localities[0].Endpoints[0];
        Assert.Equal(8081, result.HealthCheck!.PortValue);
        Assert.Equal("hc.local", result.HealthCheck.Hostname);
        Assert.Equal("[fd00::1]:80", Assert.Single(result.AdditionalAddresses).AsString);
    }

    [Fact]
    public void ClusterNameIsRequired()
    {
        AssertError(new ClusterLoadAssignment(), "cluster_load_assignment '': cluster_name: must not be empty");
    }

    private static void AssertError(ClusterLoadAssignment assignment, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => EndpointTranslator.Translate(assignment)).Message);

    private static ClusterLoadAssignment Assignment(string name, params LocalityLbEndpoints[] localities)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = name };
        assignment.Endpoints.AddRange(localities);
        return assignment;
    }

    private static LocalityLbEndpoints Locality(string? region, string? zone, uint? weight, uint priority, params LbEndpoint[] endpoints)
    {
        var locality = new LocalityLbEndpoints { Priority = priority, LoadBalancingWeight = weight };
        if (region is not null)
        {
            locality.Locality = new Envoy.Config.Core.V3.Locality { Region = region, Zone = zone ?? string.Empty };
        }

        locality.LbEndpoints.AddRange(endpoints);
        return locality;
    }

    private static LbEndpoint Lb(string address, uint port, uint? weight = null, HealthStatus status = HealthStatus.Unknown) => new()
    {
        Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = port } } },
        LoadBalancingWeight = weight,
        HealthStatus = status,
    };
}
