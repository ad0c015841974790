using Envoy.Config.Bootstrap.V3;
using Google.Protobuf;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests.Json;

/// <summary>Real pilot-agent bootstraps (istio/bootstrap/golden) parse, and match Google.Protobuf's own parser.</summary>
public sealed class BootstrapGoldenTests
{
    public static TheoryData<string> Goldens() => [.. ConformanceData.BootstrapGoldens().Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void GoldenParsesLikeGoogleProtobufsParser(string name)
    {
        var text = File.ReadAllText(ConformanceData.PathOf("istio/bootstrap/golden/" + name));

        // pilot-agent runs Envoy with --allow-unknown-static-fields; the only unknown fields allowed here are
        // those newer than the pinned Envoy API protos.
        var warnings = new List<string>();
        var ours = new ProtoJsonReader(ignoreUnknownFields: true).Parse(text, Bootstrap.Parser, BootstrapType, warnings);
        var reference = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(GeneratedTypes.Registry).WithIgnoreUnknownFields(true)).Parse<Bootstrap>(text);

        Assert.NotEmpty(ours.StaticResources.Clusters);
        Assert.Equal(reference, ours);
        Assert.All(warnings, w => Assert.Contains(NewerThanPinnedProtos, f => w.StartsWith(f + ": ", StringComparison.Ordinal)));
    }

    private const string BootstrapType = "envoy.config.bootstrap.v3.Bootstrap";

    // Bootstrap.stats_eviction_interval (Envoy 1.36) is newer than the @grpc/grpc-js-xds protos.
    private static readonly string[] NewerThanPinnedProtos = ["stats_eviction_interval"];

    [Fact]
    public void GoldensWithoutNewerFieldsParseStrictly()
    {
        var text = File.ReadAllText(ConformanceData.PathOf("istio/bootstrap/golden/all_golden.json"));

        var bootstrap = new ProtoJsonReader().Parse(text, Bootstrap.Parser, BootstrapType);

        Assert.Equal("sidecar~1.2.3.4~foo~bar", bootstrap.Node.Id);
    }

    [Fact]
    public void ThereAreGoldens()
    {
        Assert.True(ConformanceData.BootstrapGoldens().Count() >= 20);
    }
}
