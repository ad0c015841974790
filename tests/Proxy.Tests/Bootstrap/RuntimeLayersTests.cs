using Google.Protobuf.WellKnownTypes;
using Proxy.Bootstrap;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;
using RuntimeLayer = Envoy.Config.Bootstrap.V3.RuntimeLayer;

namespace Proxy.Tests.Bootstrap;

/// <summary>The bootstrap's layered_runtime as the proxy reads it (RuntimeLayers).</summary>
public sealed class RuntimeLayersTests
{
    private static BootstrapProto With(params RuntimeLayer[] layers)
    {
        var bootstrap = new BootstrapProto { LayeredRuntime = new() };
        bootstrap.LayeredRuntime.Layers.Add(layers);
        return bootstrap;
    }

    private static RuntimeLayer Static(string name, Struct values) => new() { Name = name, StaticLayer = values };

    [Fact]
    public void StaticLayersAreFlattenedToDottedKeysAndALaterLayerWins()
    {
        var first = Struct.Parser.ParseJson("""{"envoy": {"reloadable_features": {"a": true, "b": true}}, "re2.max_program_size.error_level": "32768"}""");
        var second = Struct.Parser.ParseJson("""{"envoy.reloadable_features.b": false}""");

        var runtime = RuntimeLayers.From(With(Static("one", first), Static("two", second), new RuntimeLayer { Name = "admin", AdminLayer = new() }));

        Assert.True(runtime.FeatureEnabled("envoy.reloadable_features.a"));
        Assert.False(runtime.FeatureEnabled("envoy.reloadable_features.b"));
        Assert.Equal("32768", runtime.Get("re2.max_program_size.error_level"));
        Assert.Null(runtime.Get("envoy.reloadable_features.c"));
    }

    [Fact]
    public void EntriesGiveEachLayersValueAndTheWinningOne()
    {
        var first = Struct.Parser.ParseJson("""{"b": 1, "a": true}""");
        var second = Struct.Parser.ParseJson("""{"b": "two"}""");

        var runtime = RuntimeLayers.From(With(Static("one", first), new RuntimeLayer { Name = "admin", AdminLayer = new() }, Static("two", second)));

        Assert.Equal(["one", "admin", "two"], runtime.LayerNames);
        var entries = runtime.Entries().ToList();
        Assert.Equal(["a", "b"], entries.Select(e => e.Key));
        Assert.Equal(["true", "", ""], entries[0].LayerValues);
        Assert.Equal("true", entries[0].FinalValue);
        Assert.Equal(["1", "", "two"], entries[1].LayerValues);
        Assert.Equal("two", entries[1].FinalValue);
    }

    [Fact]
    public void FeaturesDefaultWhenUnsetOrNotABoolean()
    {
        var values = Struct.Parser.ParseJson("""{"flag_as_text": "false", "number": 3}""");
        var runtime = RuntimeLayers.From(With(Static("layer", values)));

        Assert.False(runtime.FeatureEnabled("flag_as_text"));
        Assert.True(runtime.FeatureEnabled("number"));
        Assert.False(runtime.FeatureEnabled("number", defaultValue: false));
        Assert.True(runtime.FeatureEnabled("missing"));
        Assert.True(RuntimeLayers.From(new BootstrapProto()).FeatureEnabled("missing"));
    }

    [Fact]
    public void IstiosBootstrapTurnsFragmentRejectionOff()
    {
        var json = File.ReadAllText(Path.Combine(ConformanceData.Root, "istio", "bootstrap", "golden", "default_golden.json"));
        var layers = JsonParserForRuntime(json);

        Assert.False(RuntimeLayers.From(layers).FeatureEnabled("envoy.reloadable_features.http_reject_path_with_fragment"));
    }

    private static BootstrapProto JsonParserForRuntime(string bootstrapJson)
    {
        // Only layered_runtime matters here: read it alone so the rest of the golden needs no type registry.
        using var document = System.Text.Json.JsonDocument.Parse(bootstrapJson);
        var runtime = document.RootElement.GetProperty("layered_runtime").GetRawText();
        return new BootstrapProto { LayeredRuntime = Envoy.Config.Bootstrap.V3.LayeredRuntime.Parser.ParseJson(runtime) };
    }
}
