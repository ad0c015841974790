using System.Text.Json.Nodes;
using Proxy.Bootstrap;
using Proxy.Cli;

namespace Proxy.Tests.Bootstrap;

public sealed class BootstrapValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("proxy-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Goldens() => [.. ConformanceData.BootstrapGoldens().Select(p => Path.GetFileName(p))];

    private static (int Code, string Out, string Err) Validate(ProxyOptions options, Func<Envoy.Config.Bootstrap.V3.Bootstrap, IEnumerable<string>>? validators = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BootstrapValidation.Run(options with { Mode = ProxyMode.Validate }, stdout, stderr, validators);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>all_golden.json with one change, written to a temporary file.</summary>
    private string Variant(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(ConformanceData.PathOf("istio/bootstrap/golden/all_golden.json")))!.AsObject();
        change(json);
        var path = Path.Combine(_dir, $"variant-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static JsonObject Cluster(JsonObject bootstrap, int index) => bootstrap["static_resources"]!["clusters"]![index]!.AsObject();

    private static JsonObject Hcm(JsonObject bootstrap) =>
        bootstrap["static_resources"]!["listeners"]![0]!["filter_chains"]![0]!["filters"]![0]!["typed_config"]!.AsObject();

    private const string HcmPath = "static_resources.listeners[0].filter_chains[0].filters[0].typed_config";

    [Theory]
    [MemberData(nameof(Goldens))]
    public void EveryIstioGoldenValidates(string name)
    {
        var path = ConformanceData.PathOf("istio/bootstrap/golden/" + name);

        // pilot-agent always passes --allow-unknown-static-fields.
        var (code, stdout, stderr) = Validate(new ProxyOptions { ConfigPath = path, AllowUnknownStaticFields = true });

        Assert.True(code == 0, stderr);
        Assert.Equal($"configuration '{path}' OK\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void IgnoredExtensionsAreReportedOnStderr()
    {
        var path = ConformanceData.PathOf("istio/bootstrap/golden/all_golden.json");

        var (code, _, stderr) = Validate(new ProxyOptions { ConfigPath = path });

        Assert.Equal(0, code);
        Assert.Contains($"warning: {path}: {HcmPath}.http_filters[0].typed_config: envoy.extensions.filters.http.compressor.v3.Compressor is accepted but not applied", stderr);
        Assert.Contains("bootstrap_extensions[0].typed_config: envoy.extensions.bootstrap.internal_listener.v3.InternalListener is accepted", stderr);
    }

    [Theory]
    [InlineData("unknown field", "static_resources.clusters[1].bogus", "unknown field 'bogus'")]
    [InlineData("bad enum", "static_resources.clusters[1].lb_policy", "invalid value 'FASTEST'")]
    [InlineData("two oneof members", "static_resources.clusters[1].cluster_type", "oneof 'cluster_discovery_type'")]
    [InlineData("bad duration", "static_resources.clusters[1].connect_timeout", "invalid duration '1x'")]
    [InlineData("type not in the API", HcmPath + ".http_filters[0].typed_config", "unknown type 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua'")]
    [InlineData("type not implemented", HcmPath + ".http_filters[0].typed_config", "uses envoy.extensions.filters.http.decompressor.v3.Decompressor, which this proxy does not implement")]
    [InlineData("TypedStruct of an unknown type", "bootstrap_extensions[0].typed_config", "uses io.istio.Unknown (named by a TypedStruct), which this proxy does not implement")]
    [InlineData("TypedStruct value that does not fit", "bootstrap_extensions[0].typed_config.value.bogus", "unknown field 'bogus'")]
    public void BrokenVariantsFailWithTheirPath(string variant, string path, string reason)
    {
        var file = Variant(json =>
        {
            switch (variant)
            {
                case "unknown field": Cluster(json, 1)["bogus"] = 1; break;
                case "bad enum": Cluster(json, 1)["lb_policy"] = "FASTEST"; break;
                case "two oneof members": Cluster(json, 1)["cluster_type"] = new JsonObject { ["name"] = "envoy.clusters.aggregate" }; break;
                case "bad duration": Cluster(json, 1)["connect_timeout"] = "1x"; break;
                case "type not in the API":
                    Hcm(json)["http_filters"]![0]!["typed_config"] = new JsonObject { ["@type"] = "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua" };
                    break;
                case "type not implemented":
                    Hcm(json)["http_filters"]![0]!["typed_config"] = new JsonObject { ["@type"] = "type.googleapis.com/envoy.extensions.filters.http.decompressor.v3.Decompressor" };
                    break;
                case "TypedStruct of an unknown type":
                    json["bootstrap_extensions"]![0]!["typed_config"]!["type_url"] = "type.googleapis.com/io.istio.Unknown";
                    break;
                case "TypedStruct value that does not fit":
                    json["bootstrap_extensions"]![0]!["typed_config"]!["value"]!["bogus"] = 1;
                    break;
            }
        });

        var (code, stdout, stderr) = Validate(new ProxyOptions { ConfigPath = file });

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"error initializing configuration '{file}': {file}: {path}: ", stderr);
        Assert.Contains(reason, stderr);
    }

    [Fact]
    public void UnknownFieldsInsideATypedStructAreWarningsWhenAllowed()
    {
        var file = Variant(json => json["bootstrap_extensions"]![0]!["typed_config"]!["value"]!["bogus"] = 1);

        var (code, _, stderr) = Validate(new ProxyOptions { ConfigPath = file, AllowUnknownStaticFields = true });

        Assert.Equal(0, code);
        Assert.Contains($"warning: {file}: bootstrap_extensions[0].typed_config.value.bogus: ignored unknown field 'bogus'", stderr);
    }

    [Fact]
    public void SemanticValidatorErrorsFailValidation()
    {
        var path = ConformanceData.PathOf("istio/bootstrap/golden/default_golden.json");

        var (code, stdout, stderr) = Validate(new ProxyOptions { ConfigPath = path }, _ => ["listener '0.0.0.0_15090': address: port 0 is reserved"]);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("listener '0.0.0.0_15090': address: port 0 is reserved", stderr);
    }

    [Fact]
    public void SemanticValidatorsSeeTheLoadedBootstrap()
    {
        var path = ConformanceData.PathOf("istio/bootstrap/golden/default_golden.json");
        string? seen = null;

        var (code, _, _) = Validate(new ProxyOptions { ConfigPath = path }, b =>
        {
            seen = b.Node.Id;
            return [];
        });

        Assert.Equal(0, code);
        Assert.Equal("sidecar~1.2.3.4~foo~bar", seen);
    }

    [Fact]
    public void LogFormatFlagConflictsWithTheGoldensApplicationLogConfig()
    {
        var path = ConformanceData.PathOf("istio/bootstrap/golden/all_golden.json");

        var (code, _, stderr) = Validate(new ProxyOptions { ConfigPath = path, LogFormat = "%v", LogFormatSet = true });

        Assert.Equal(1, code);
        Assert.Contains("only one of ApplicationLogConfig.log_format or CLI option --log-format", stderr);
    }

    [Fact]
    public void ConfigYamlOnlyValidatesWithAnEmptyPath()
    {
        var (code, stdout, _) = Validate(new ProxyOptions { ConfigYaml = "node: {id: a}" });

        Assert.Equal(0, code);
        Assert.Equal("configuration '' OK\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void MissingConfigFails()
    {
        var (code, _, stderr) = Validate(new ProxyOptions());

        Assert.Equal(1, code);
        Assert.Contains("at least one of --config-path or --config-yaml", stderr);
    }
}
