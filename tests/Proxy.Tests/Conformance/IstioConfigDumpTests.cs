using System.Text.Json.Nodes;
using Proxy.Tests.Bootstrap;
using Proxy.Tests.Discovery;
using Proxy.Xds.Client;
using Xunit.Abstractions;

namespace Proxy.Tests.Conformance;

/// <summary>
/// Every listener, cluster, route configuration, endpoint configuration and secret in the real Istio config
/// dumps under ../shared/conformance/istio/config_dumps is what istiod sent some Envoy: each must be accepted
/// as the watchers accept it, Istio-private extensions included (accepted, not applied: ExtensionCatalog).
/// The counts per dump are printed.
/// </summary>
public sealed class IstioConfigDumpTests
{
    private readonly ITestOutputHelper _output;

    public IstioConfigDumpTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Dumps()
    {
        var dir = ConformanceData.PathOf("istio/config_dumps");
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(dir, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public async Task Every_resource_of_the_dump_is_accepted(string dump)
    {
        await using var f = new DiscoveryFixture();
        var root = JsonNode.Parse(File.ReadAllText(ConformanceData.PathOf("istio/config_dumps/" + dump)))!;
        var resources = ConfigDumpResources.Read(root);
        var warnings = new List<string>();
        var rejected = new List<string>();
        foreach (var resource in resources)
        {
            if (ResourceAcceptance.Check(f, resource, warnings) is { } reason)
            {
                rejected.Add($"{resource.Type} '{Name(resource)}' ({resource.Section}): {reason}");
            }
        }

        var counts = string.Join(", ", XdsResourceType.All.Select(t => $"{resources.Count(r => r.Type == t)} {t.TypeName.Split('.')[^1]}"));
        _output.WriteLine($"{dump}: {resources.Count - rejected.Count} of {resources.Count} accepted ({counts})");
        foreach (var warning in warnings.Distinct())
        {
            _output.WriteLine("  ignored: " + warning);
        }

        foreach (var line in rejected)
        {
            _output.WriteLine("  rejected: " + line);
        }

        // Envoy rejects the v2 API since 1.18 (v2 type URLs, the untyped 'config' of filters); a dump Istio 1.3
        // took of Envoy 1.11 is refused only for that.
        var expected = dump.StartsWith("legacy_v2api", StringComparison.Ordinal) ? rejected.Where(r => r.Contains(".v2.", StringComparison.Ordinal) || r.EndsWith("typed_config is required", StringComparison.Ordinal)).ToList() : [];

        Assert.Equal(expected, rejected);
        Assert.True(resources.Count - rejected.Count > 0 || dump == "bootstrap_dump_small.json" || dump == "ecds_wasm.json", $"{dump}: no resource read");
    }

    private static string Name(DumpedResource resource) =>
        (string?)(ConfigDumpResources.Get(resource.Json, "name") ?? ConfigDumpResources.Get(resource.Json, "cluster_name")) ?? "?";
}
