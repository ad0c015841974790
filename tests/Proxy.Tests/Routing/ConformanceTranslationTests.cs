using System.Text.Json.Nodes;
using Envoy.Config.Route.V3;
using Proxy.Routing;
using Xunit.Abstractions;

namespace Proxy.Tests.Routing;

/// <summary>
/// Every route configuration in the real Istio and Envoy Gateway data under ../shared/conformance must
/// translate. Counts are printed so regressions in coverage show.
/// </summary>
public sealed class ConformanceTranslationTests
{
    private static readonly string[] IstioDumps =
    [
        "gateway_routes_empty.json",
        "gateway_routes_https_tls.json",
        "gateway_routes_istio_prefix.json",
        "gateway_routes_k8s_gateway_api.json",
        "sidecar_2022_routes_clusters_http.json",
        "sidecar_1.10_details_full.json",
        "waypoint_1.21_full.json",
        "waypoint_2024_partial_diff.json",
    ];

    private readonly ITestOutputHelper _output;

    public ConformanceTranslationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void IstioRouteConfigurationsTranslate()
    {
        string dir = Path.Combine(ConformanceDir(), "istio", "config_dumps");
        int total = 0;
        int inline = 0;
        var notes = new List<string>();
        foreach (string file in IstioDumps)
        {
            string path = Path.Combine(dir, file);
            if (!File.Exists(path))
            {
                _output.WriteLine($"{file}: not in the conformance set, skipped");
                continue;
            }

            JsonNode root = JsonNode.Parse(File.ReadAllText(path))!;
            int fromDump = 0;
            foreach (JsonNode config in RouteConfigsInRoutesDumps(root))
            {
                TranslateOrFail(config, file, notes);
                fromDump++;
            }

            int fromListeners = 0;
            foreach (JsonNode config in InlineRouteConfigs(root))
            {
                TranslateOrFail(config, file + " (inline HCM route_config)", notes);
                fromListeners++;
            }

            _output.WriteLine($"{file}: {fromDump} from RoutesConfigDump, {fromListeners} inline in listeners");
            total += fromDump;
            inline += fromListeners;
        }

        foreach (string note in notes.Distinct())
        {
            _output.WriteLine("note: " + note);
        }

        _output.WriteLine($"Istio: {total} route configurations from route dumps and {inline} inline ones translated");
        Assert.True(total >= 25, $"expected at least 25 route configurations from the Istio dumps, found {total}");
        Assert.True(inline >= 16, $"expected at least 16 inline route configurations, found {inline}");
    }

    [Fact]
    public void EnvoyGatewayGoldenRoutesTranslate()
    {
        string dir = Path.Combine(ConformanceDir(), "envoy", "envoy_gateway_xds_golden");
        int files = 0;
        int total = 0;
        foreach (string path in Directory.GetFiles(dir, "*.routes.yaml").Order(StringComparer.Ordinal))
        {
            var array = JsonNode.Parse(EnvoyJson.YamlToJson(File.ReadAllText(path))) as JsonArray;
            Assert.NotNull(array);
            var notes = new List<string>();
            foreach (JsonNode? config in array)
            {
                TranslateOrFail(config!, Path.GetFileName(path), notes);
                total++;
            }

            foreach (string note in notes.Distinct())
            {
                _output.WriteLine($"{Path.GetFileName(path)}: note: {note}");
            }

            files++;
        }

        _output.WriteLine($"Envoy Gateway: {total} route configurations in {files} files translated");
        Assert.Equal(27, files);
        Assert.True(total >= 25, $"expected at least 25 route configurations, found {total}");
    }

    [Fact]
    public void IstioGatewayRoutesBehave()
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceDir(), "istio", "config_dumps", "gateway_routes_istio_prefix.json")))!;
        JsonNode config = RouteConfigsInRoutesDumps(root).Single(c => (string?)c["name"] == "http.8080");
        RouteTable table = RouteTable.Translate(EnvoyJson.ParseDumped(config, []), Routes.Context());

        // ignore_port_in_host_matching: the gateway port in Host does not matter.
        RouteMatchResult match = table.Route(Routes.Request("/get?x=1", authority: "httpbin.example.com:8080"), 0);
        Assert.Equal("httpbin.example.com:80", match.VirtualHost!.Name);
        Assert.Equal("outbound|8000||httpbin.default.svc.cluster.local", ClusterSelector.SelectCluster(match.Route!, Routes.Request("/get"), 0, out _));
        Assert.Equal(TimeSpan.Zero, match.Route!.RouteAction!.Timeout);
        Assert.Equal(2u, match.Route.RouteAction.RetryPolicy!.NumRetries);
        Assert.True(match.VirtualHost.IncludeRequestAttemptCount);
        Assert.Null(table.Route(Routes.Request("/get", authority: "other.example.com"), 0).VirtualHost);
    }

    private static void TranslateOrFail(JsonNode config, string source, List<string> notes)
    {
        RouteConfiguration proto = EnvoyJson.ParseDumped(config, notes);
        try
        {
            RouteTable.Translate(proto, Routes.Context());
        }
        catch (Exception e)
        {
            Assert.Fail($"{source}: route configuration '{proto.Name}' failed to translate: {e.Message}");
        }
    }

    private static IEnumerable<JsonNode> RouteConfigsInRoutesDumps(JsonNode root)
    {
        foreach (JsonNode? dump in root["configs"]!.AsArray())
        {
            if ((string?)dump!["@type"] != "type.googleapis.com/envoy.admin.v3.RoutesConfigDump")
            {
                continue;
            }

            foreach (string list in new[] { "static_route_configs", "staticRouteConfigs", "dynamic_route_configs", "dynamicRouteConfigs" })
            {
                if (dump[list] is not JsonArray entries)
                {
                    continue;
                }

                foreach (JsonNode? entry in entries)
                {
                    if ((entry!["route_config"] ?? entry["routeConfig"]) is { } config)
                    {
                        yield return config;
                    }
                }
            }
        }
    }

    // HttpConnectionManager typed_configs with an inline route_config, anywhere in the dump.
    private static IEnumerable<JsonNode> InlineRouteConfigs(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if ((string?)obj["@type"] == "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
                && (obj["route_config"] ?? obj["routeConfig"]) is { } config)
            {
                yield return config;
            }

            foreach (var property in obj)
            {
                foreach (JsonNode found in InlineRouteConfigs(property.Value))
                {
                    yield return found;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                foreach (JsonNode found in InlineRouteConfigs(item))
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>../shared/conformance beside the repository (or beside a parent, for git worktrees).</summary>
    private static string ConformanceDir()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proxy.sln")))
        {
            dir = dir.Parent;
        }

        for (DirectoryInfo? ancestor = dir?.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            string candidate = Path.Combine(ancestor.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/conformance not found next to the repository");
    }
}
