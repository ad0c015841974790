using System.Text;
using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Proxy.Upstream.Dns;

namespace Proxy.Tests.Upstream.Config;

/// <summary>What the Envoy Gateway goldens configure ends up in the records (typed LB policies, health checks, ...).</summary>
public sealed class EnvoyGatewayClusterTests
{
    [Fact]
    public void TypedLoadBalancingPoliciesMapToTheirKind()
    {
        Assert.Equal(LoadBalancerKind.RoundRobin, Load("load-balancer", "first-route-dest").LoadBalancer.Kind);
        Assert.True(Load("load-balancer", "first-route-dest").LoadBalancer.LocalityWeighted);
        Assert.Equal(LoadBalancerKind.Random, Load("load-balancer", "second-route-dest").LoadBalancer.Kind);
        Assert.Equal(LoadBalancerKind.LeastRequest, Load("load-balancer", "third-route-dest").LoadBalancer.Kind);
        Assert.Equal(LoadBalancerKind.Maglev, Load("load-balancer", "fourth-route-dest").LoadBalancer.Kind);
        Assert.Equal(65537UL, Load("load-balancer", "fourth-route-dest").LoadBalancer.Maglev.TableSize);
        Assert.Equal(524287UL, Load("load-balancer", "eighth-route-dest").LoadBalancer.Maglev.TableSize);
        Assert.Equal(TimeSpan.FromSeconds(60), Load("load-balancer", "fifth-route-dest").LoadBalancer.SlowStart!.Window);
        Assert.Equal("envoy.load_balancing_policies.least_request", Load("load-balancer", "third-route-dest").LoadBalancer.PolicyName);
    }

    [Fact]
    public void OverrideHostKeepsItsSourcesAndUsesTheFallbackPolicy()
    {
        var lb = Load("load-balancer", "eleventh-route-dest").LoadBalancer;
        Assert.Equal(LoadBalancerKind.RoundRobin, lb.Kind);
        Assert.Equal("x-custom-host", Assert.Single(lb.OverrideHostSources).Header);

        Assert.Equal(LoadBalancerKind.LeastRequest, Load("load-balancer", "twelfth-route-dest").LoadBalancer.Kind);
    }

    [Fact]
    public void ClientSideWeightedRoundRobinIsAccepted()
    {
        Assert.Equal(LoadBalancerKind.ClientSideWeightedRoundRobin, Load("load-balancer", "sixteenth-route-dest").LoadBalancer.Kind);
    }

    [Fact]
    public void CircuitBreakerThresholdsAndPerHostLimits()
    {
        var cluster = Load("circuit-breaker", "first-route-dest");
        var thresholds = cluster.CircuitBreakers.DefaultPriority;
        Assert.Equal(1u, thresholds.MaxConnections);
        Assert.Equal(1u, thresholds.MaxPendingRequests);
        Assert.Equal(1u, thresholds.MaxRequests);
        Assert.Equal(2u, thresholds.MaxRetries);
        Assert.Equal(new RetryBudget(10, 1), thresholds.RetryBudget);
        Assert.Equal(1u, cluster.CircuitBreakers.PerHostMaxConnections);
        Assert.Equal(CircuitBreakerThresholds.Default, cluster.CircuitBreakers.HighPriority);
        Assert.Equal(10u, cluster.Http.MaxRequestsPerConnection);
        Assert.Equal(UpstreamProtocolSelection.Http1, cluster.Http.Selection);
        Assert.Equal(32768u, cluster.PerConnectionBufferLimitBytes);
    }

    [Fact]
    public void HealthChecksAndOutlierDetectionAreRecordedWithDefaults()
    {
        var first = Load("health-check", "first-route-dest");
        var check = Assert.Single(first.HealthChecks);
        Assert.Equal(HealthCheckKind.Http, check.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), check.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), check.Timeout);
        Assert.Equal(3u, check.UnhealthyThreshold);
        Assert.Equal(1u, check.HealthyThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), check.NoTrafficInterval);
        Assert.Equal(check.Interval, check.UnhealthyInterval);
        Assert.Equal(HttpMethod.Post, check.Http!.Method);
        Assert.Equal([new StatusRange(200, 201), new StatusRange(300, 301)], check.Http.ExpectedStatuses.ToArray());
        Assert.Equal("ping", Encoding.ASCII.GetString(check.Http.Send.Span));
        Assert.Equal("ok", Encoding.ASCII.GetString(check.Http.Receive[0].Span));

        var outlier = first.OutlierDetection!;
        Assert.Equal(TimeSpan.FromSeconds(180), outlier.BaseEjectionTime);
        Assert.Equal(TimeSpan.FromSeconds(2), outlier.Interval);
        Assert.Equal(0u, outlier.ConsecutiveGatewayFailure);
        Assert.Equal(100u, outlier.EnforcingConsecutiveGatewayFailure);
        Assert.Equal(100u, outlier.MaxEjectionPercent);
        Assert.Equal(1900u, outlier.SuccessRateStdevFactor);
        Assert.Equal(TimeSpan.FromSeconds(300), outlier.MaxEjectionTime);

        var second = Assert.Single(Load("health-check", "second-route-dest").HealthChecks);
        Assert.Equal("pong", Encoding.ASCII.GetString(second.Http!.Receive[0].Span));
        Assert.Equal([new StatusRange(429, 430), new StatusRange(503, 504)], second.Http.RetriableStatuses.ToArray());
    }

    [Fact]
    public void DnsClusterExtensionBecomesALogicalDnsClusterWithItsSettings()
    {
        var cluster = LoadAll("tracing-zipkin").First(c => c.DiscoveryType is ClusterDiscoveryType.LogicalDns or ClusterDiscoveryType.StrictDns);
        Assert.Equal(ClusterDiscoveryType.LogicalDns, cluster.DiscoveryType);
        Assert.Equal(TimeSpan.FromSeconds(30), cluster.Dns.RefreshRate);
        Assert.True(cluster.Dns.RespectDnsTtl);
        Assert.Equal(DnsLookupFamily.V4Preferred, cluster.Dns.LookupFamily);
        var endpoint = cluster.LoadAssignment!.Localities[0].Endpoints[0];
        Assert.Equal(EndpointAddressKind.Hostname, endpoint.Address.Kind);
        Assert.Equal("zipkin.default.svc.cluster.local", endpoint.Address.Host);
        Assert.Equal(9411, endpoint.Address.Port);
    }

    private static ClusterConfig Load(string file, string name) => LoadAll(file).Single(c => c.Name == name);

    private static IEnumerable<ClusterConfig> LoadAll(string file)
    {
        var yaml = File.ReadAllText(ConformanceData.PathOf("envoy", "envoy_gateway_xds_golden", file + ".clusters.yaml"));
        return JsonNode.Parse(YamlToJson.Convert(yaml))!.AsArray()
            .Select(n => ClusterTranslator.Translate(ProtoJson.Parse<Cluster>(n!)))
            .ToList();
    }
}
