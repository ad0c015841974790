using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Xunit.Abstractions;

namespace Proxy.Tests.Upstream.Config;

/// <summary>
/// Every cluster and endpoint assignment in the real Istio and Envoy Gateway data translates (nothing refused),
/// parsed from JSON/YAML as Envoy would receive them. The counts pin down that nothing was silently skipped.
/// </summary>
public sealed class ConformanceTranslationTests
{
    private readonly ITestOutputHelper _output;

    public ConformanceTranslationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void IstioBootstrapGoldenClustersTranslate()
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(ConformanceData.PathOf("istio", "bootstrap", "golden"), "*_golden.json"))
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var cluster in root["static_resources"]?["clusters"]?.AsArray() ?? new JsonArray())
            {
                TranslateCluster(cluster!, Path.GetFileName(file));
                count++;
            }
        }

        _output.WriteLine($"bootstrap golden clusters: {count}");
        Assert.Equal(125, count);
    }

    [Theory]
    [InlineData("sidecar_1.10_details_full.json", 28)]
    [InlineData("waypoint_1.21_full.json", 3)]
    [InlineData("waypoint_2024_partial_diff.json", 1)]
    public void IstioConfigDumpClustersTranslate(string file, int expected)
    {
        var count = 0;
        foreach (var dump in ConfigDumps(file, "ClustersConfigDump"))
        {
            foreach (var list in new[] { "static_clusters", "staticClusters", "dynamic_active_clusters", "dynamicActiveClusters" })
            {
                foreach (var entry in dump[list]?.AsArray() ?? new JsonArray())
                {
                    TranslateCluster(entry!["cluster"]!, file);
                    count++;
                }
            }
        }

        _output.WriteLine($"{file}: {count} clusters");
        Assert.Equal(expected, count);
    }

    /// <summary>
    /// dynamic_endpoint_configs are EDS resources as received. static_endpoint_configs are Envoy's rendering of
    /// clusters' load_assignment; the waypoint dump renders an unset locality weight as 0, which Envoy itself
    /// would refuse as input (load_balancing_weight gte 1), so only its EDS resources are checked.
    /// </summary>
    [Theory]
    [InlineData("sidecar_endpoints_eds.json", true, 37, 36)]
    [InlineData("waypoint_1.21_full.json", false, 1, 1)]
    public void IstioEdsAssignmentsTranslate(string file, bool includeStatic, int expectedAssignments, int expectedEndpoints)
    {
        var assignments = 0;
        var endpoints = 0;
        foreach (var dump in ConfigDumps(file, "EndpointsConfigDump"))
        {
            foreach (var list in includeStatic ? new[] { "static_endpoint_configs", "dynamic_endpoint_configs" } : new[] { "dynamic_endpoint_configs" })
            {
                foreach (var entry in dump[list]?.AsArray() ?? new JsonArray())
                {
                    var assignment = EndpointTranslator.Translate(ProtoJson.Parse<ClusterLoadAssignment>(entry!["endpoint_config"]!));
                    assignments++;
                    endpoints += assignment.Localities.Sum(l => l.Endpoints.Length);
                }
            }
        }

        _output.WriteLine($"{file}: {assignments} assignments, {endpoints} endpoints");
        Assert.Equal(expectedAssignments, assignments);
        Assert.Equal(expectedEndpoints, endpoints);
    }

    [Fact]
    public void EnvoyGatewayGoldenClustersTranslate()
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(ConformanceData.PathOf("envoy", "envoy_gateway_xds_golden"), "*.clusters.yaml"))
        {
            foreach (var cluster in YamlList(file))
            {
                TranslateCluster(cluster, Path.GetFileName(file));
                count++;
            }
        }

        _output.WriteLine($"envoy gateway clusters: {count}; kept by type URL only: {string.Join(", ", ProtoJson.PlaceholderTypes)}");
        Assert.Equal(71, count);
    }

    [Fact]
    public void EnvoyGatewayGoldenEndpointsTranslate()
    {
        var assignments = 0;
        var endpoints = 0;
        foreach (var file in Directory.GetFiles(ConformanceData.PathOf("envoy", "envoy_gateway_xds_golden"), "*.endpoints.yaml"))
        {
            foreach (var assignment in YamlList(file))
            {
                var translated = EndpointTranslator.Translate(ProtoJson.Parse<ClusterLoadAssignment>(assignment));
                assignments++;
                endpoints += translated.Localities.Sum(l => l.Endpoints.Length);
            }
        }

        _output.WriteLine($"envoy gateway assignments: {assignments}, endpoints: {endpoints}");
        Assert.Equal(68, assignments);
        Assert.Equal(78, endpoints);
    }

    [Fact]
    public void IstioSidecarClustersKeepWhatTheDataSays()
    {
        var clusters = ConfigDumps("sidecar_1.10_details_full.json", "ClustersConfigDump")
            .SelectMany(d => (d["dynamicActiveClusters"]?.AsArray() ?? new JsonArray()).Concat(d["staticClusters"]?.AsArray() ?? new JsonArray()))
            .Select(e => ClusterTranslator.Translate(ProtoJson.Parse<Cluster>(e!["cluster"]!)))
            .ToDictionary(c => c.Name);

        var istiod = clusters["outbound|15010||istiod.istio-system.svc.cluster.local"];
        Assert.Equal(ClusterDiscoveryType.Eds, istiod.DiscoveryType);
        Assert.Equal("outbound|15010||istiod.istio-system.svc.cluster.local", istiod.EdsServiceName);
        Assert.Equal(UpstreamProtocolSelection.Http2, istiod.Http.Selection);
        Assert.Equal(1073741824u, istiod.Http.Http2.MaxConcurrentStreams);
        Assert.Equal(uint.MaxValue, istiod.CircuitBreakers.DefaultPriority.MaxConnections);
        Assert.True(istiod.CircuitBreakers.DefaultPriority.TrackRemaining);
        Assert.Equal(2, istiod.TransportSocketMatches.Length);
        Assert.Equal(TransportSocketKind.Tls, istiod.TransportSocketMatches[0].TransportSocket.Kind);
        Assert.Equal("outbound_.15010_._.istiod.istio-system.svc.cluster.local", istiod.TransportSocketMatches[0].TransportSocket.Tls!.Sni);
        Assert.Equal(TransportSocketKind.RawBuffer, istiod.TransportSocketMatches[1].TransportSocket.Kind);
        Assert.Equal("istio.metadata_exchange", Assert.Single(istiod.UpstreamNetworkFilters).Name);

        var inbound = clusters["inbound|9080||"];
        Assert.Equal(ClusterDiscoveryType.OriginalDst, inbound.DiscoveryType);
        Assert.Equal(LoadBalancerKind.ClusterProvided, inbound.LoadBalancer.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), inbound.CleanupInterval);
        Assert.Equal("127.0.0.6:0", inbound.UpstreamBind!.SourceAddress!.ToString());

        var passthrough = clusters["PassthroughCluster"];
        Assert.Equal(UpstreamProtocolSelection.UseDownstream, passthrough.Http.Selection);

        var agent = clusters["agent"];
        Assert.Equal(ClusterDiscoveryType.Static, agent.DiscoveryType);
        Assert.Equal(TimeSpan.FromMilliseconds(250), agent.ConnectTimeout);
        Assert.Equal("127.0.0.1:15020", agent.LoadAssignment!.Localities[0].Endpoints[0].Address.AsString);
    }

    private static void TranslateCluster(JsonNode json, string source)
    {
        Cluster proto;
        try
        {
            proto = ProtoJson.Parse<Cluster>(json);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{source}: cannot parse cluster {json["name"]}: {e.Message}");
        }

        ClusterTranslator.Translate(proto);
    }

    private static IEnumerable<JsonObject> ConfigDumps(string file, string type)
    {
        var root = JsonNode.Parse(File.ReadAllText(ConformanceData.PathOf("istio", "config_dumps", file)))!;
        return root["configs"]!.AsArray().OfType<JsonObject>()
            .Where(c => c["@type"]!.GetValue<string>().EndsWith("." + type, StringComparison.Ordinal));
    }

    private static IEnumerable<JsonNode> YamlList(string file) =>
        JsonNode.Parse(YamlToJson.Convert(File.ReadAllText(file)))?.AsArray().Select(n => n!) ?? Enumerable.Empty<JsonNode>();
}
