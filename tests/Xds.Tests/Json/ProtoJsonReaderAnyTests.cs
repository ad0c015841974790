using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests.Json;

/// <summary>What the transcoder records about Anys, TypedStruct contents, and its binary output.</summary>
public sealed class ProtoJsonReaderAnyTests
{
    private const string ListenerType = "envoy.config.listener.v3.Listener";

    private const string ListenerJson = """
        {"name":"l","filter_chains":[{"filters":[{"name":"hcm","typed_config":{
          "@type":"type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          "stat_prefix":"s",
          "http_filters":[
            {"name":"r","typed_config":{"@type":"type.googleapis.com/udpa.type.v1.TypedStruct",
              "type_url":"type.googleapis.com/envoy.extensions.filters.http.router.v3.Router","value":{"suppress_envoy_headers":true}}}]}}]}],
         "metadata":{"typed_filter_metadata":{"x":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s"}}}}
        """;

    [Fact]
    public void RecordsEveryAnyWithPathAndTypedStructInnerType()
    {
        var anys = new List<AnyUse>();

        new ProtoJsonReader().ToBinary(JsonNode.Parse(ListenerJson), ListenerType, anys: anys);

        Assert.Equal(2, anys.Count);
        Assert.Equal("filter_chains[0].filters[0].typed_config", anys[0].Path);
        Assert.EndsWith("HttpConnectionManager", anys[0].TypeUrl);
        Assert.Null(anys[0].TypedStructTypeUrl);
        Assert.Equal("filter_chains[0].filters[0].typed_config.http_filters[0].typed_config", anys[1].Path);
        Assert.Equal("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", anys[1].EffectiveTypeUrl);
    }

    [Fact]
    public void AnUnknownAnyTypeFailsUnlessKeptByTypeUrl()
    {
        var json = ListenerJson.Replace("type.googleapis.com/udpa.type.v1.TypedStruct", "type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig", StringComparison.Ordinal);

        var e = Assert.Throws<ProtoJsonException>(() => new ProtoJsonReader().ToBinary(JsonNode.Parse(json), ListenerType));
        Assert.Contains("istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig", e.Message, StringComparison.Ordinal);

        var anys = new List<AnyUse>();
        var listener = new ProtoJsonReader(keepUnknownAnyTypes: true).Parse(JsonNode.Parse(json), Listener.Parser, ListenerType, anys: anys);

        var hcm = listener.FilterChains[0].Filters[0].TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
        Assert.Equal("type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig", hcm.HttpFilters[0].TypedConfig.TypeUrl);
        Assert.True(hcm.HttpFilters[0].TypedConfig.Value.IsEmpty);
        Assert.Equal("filter_chains[0].filters[0].typed_config.http_filters[0].typed_config", anys[1].Path);
    }

    [Fact]
    public void OutputIsWhatGoogleProtobufSerializes()
    {
        var bytes = new ProtoJsonReader().ToBinary(JsonNode.Parse(ListenerJson), ListenerType);
        var reference = new Google.Protobuf.JsonParser(Google.Protobuf.JsonParser.Settings.Default.WithTypeRegistry(GeneratedTypes.Registry))
            .Parse<Listener>(ListenerJson);

        Assert.Equal(reference.ToByteArray(), bytes);
    }

    [Fact]
    public void ErrorsInsideATypedStructOfAKnownTypeCarryPaths()
    {
        var json = ListenerJson.Replace("\"suppress_envoy_headers\":true", "\"suppress_envoy_headers\":\"maybe\"", StringComparison.Ordinal);

        var e = Assert.Throws<ProtoJsonException>(() => new ProtoJsonReader().ToBinary(JsonNode.Parse(json), ListenerType));

        Assert.Equal("filter_chains[0].filters[0].typed_config.http_filters[0].typed_config.value.suppress_envoy_headers", e.Path);
    }

    [Fact]
    public void AnyOfEmptyAcceptsAValueObjectOrNothing()
    {
        var withValue = new ProtoJsonReader().ToBinary(JsonNode.Parse("""{"typed_filter_metadata":{"e":{"@type":"type.googleapis.com/google.protobuf.Empty","value":{}}}}"""), "envoy.config.core.v3.Metadata");
        var without = new ProtoJsonReader().ToBinary(JsonNode.Parse("""{"typed_filter_metadata":{"e":{"@type":"type.googleapis.com/google.protobuf.Empty"}}}"""), "envoy.config.core.v3.Metadata");

        Assert.Equal(without, withValue);
        Assert.True(Metadata.Parser.ParseFrom(withValue).TypedFilterMetadata["e"].Is(Empty.Descriptor));
    }

    [Fact]
    public void UnknownMessageTypeIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => new ProtoJsonReader().ToBinary(new JsonObject(), "no.such.Type"));
    }
}
