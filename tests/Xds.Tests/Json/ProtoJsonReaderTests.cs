using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests.Json;

public sealed class ProtoJsonReaderTests
{
    private static readonly ProtoJsonReader Reader = new();

    private static T Parse<T>(string json, ProtoJsonReader? reader = null, ICollection<string>? warnings = null)
        where T : IMessage<T>, new() => (reader ?? Reader).Parse(json, GeneratedTypes.Parser<T>(), GeneratedTypes.NameOf<T>(), warnings);

    /// <summary>A single value of a (well-known) type, transcoded and parsed.</summary>
    private static T ValueOf<T>(JsonNode? json)
        where T : IMessage<T>, new() => GeneratedTypes.Parser<T>().ParseFrom(Reader.ToBinary(json, GeneratedTypes.NameOf<T>()));

    private static ProtoJsonException Fails<T>(string json, ProtoJsonReader? reader = null)
        where T : IMessage<T>, new() =>
        Assert.Throws<ProtoJsonException>(() => Parse<T>(json, reader));

    [Fact]
    public void AcceptsProtoAndJsonFieldNames()
    {
        var cluster = Parse<Cluster>("""{"name":"a","connectTimeout":"1.5s","per_connection_buffer_limit_bytes":1024,"dnsLookupFamily":"V4_ONLY"}""");

        Assert.Equal("a", cluster.Name);
        Assert.Equal(new Duration { Seconds = 1, Nanos = 500_000_000 }, cluster.ConnectTimeout);
        Assert.Equal(1024u, cluster.PerConnectionBufferLimitBytes);
        Assert.Equal(Cluster.Types.DnsLookupFamily.V4Only, cluster.DnsLookupFamily);
    }

    [Fact]
    public void SameFieldUnderBothNamesIsAnError()
    {
        var e = Fails<Cluster>("""{"connect_timeout":"1s","connectTimeout":"2s"}""");

        Assert.Equal("connectTimeout", e.Path);
        Assert.Contains("set twice", e.Reason);
    }

    [Fact]
    public void NumbersMayBeStringsAndUseExponents()
    {
        var cluster = Parse<Cluster>("""{"per_connection_buffer_limit_bytes":"1e3"}""");
        var range = Parse<Envoy.Type.V3.Int64Range>("""{"start":"-5","end":"9007199254740993"}""");

        Assert.Equal(1000u, cluster.PerConnectionBufferLimitBytes);
        Assert.Equal(-5, range.Start);
        Assert.Equal(9007199254740993, range.End);
    }

    [Theory]
    [InlineData("1.5", "not an integer")]
    [InlineData("-1", "out of range")]
    [InlineData("4294967296", "out of range")]
    [InlineData("\"ten\"", "not a number")]
    [InlineData("true", "expected an integer")]
    public void BadIntegersNameTheField(string value, string reason)
    {
        var e = Fails<Cluster>($$"""{"per_connection_buffer_limit_bytes":{{value}}}""");

        Assert.Equal("per_connection_buffer_limit_bytes", e.Path);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void EnumsByNameOrNumber()
    {
        Assert.Equal(Cluster.Types.LbPolicy.LeastRequest, Parse<Cluster>("""{"lb_policy":"LEAST_REQUEST"}""").LbPolicy);
        Assert.Equal(Cluster.Types.LbPolicy.Maglev, Parse<Cluster>("""{"lb_policy":5}""").LbPolicy);
    }

    [Fact]
    public void UnknownEnumNameIsAnErrorListingTheNames()
    {
        var e = Fails<Cluster>("""{"lb_policy":"FASTEST"}""");

        Assert.Equal("lb_policy", e.Path);
        Assert.Contains("'FASTEST'", e.Reason);
        Assert.Contains("envoy.config.cluster.v3.Cluster.LbPolicy", e.Reason);
        Assert.Contains("ROUND_ROBIN", e.Reason);
    }

    [Fact]
    public void BoolsAcceptJsonBooleansAndTheirStrings()
    {
        Assert.True(Parse<Cluster>("""{"respect_dns_ttl":true}""").RespectDnsTtl);
        Assert.True(Parse<Cluster>("""{"respect_dns_ttl":"true"}""").RespectDnsTtl);
        Assert.Equal("respect_dns_ttl", Fails<Cluster>("""{"respect_dns_ttl":"yes"}""").Path);
    }

    [Fact]
    public void StringFieldsRequireJsonStrings()
    {
        var e = Fails<Cluster>("""{"name":8080}""");

        Assert.Equal("name", e.Path);
        Assert.Contains("expected a string, got 8080", e.Reason);
    }

    [Fact]
    public void BytesAreBase64StandardOrUrlSafeWithOrWithoutPadding()
    {
        Assert.Equal(ByteString.CopyFromUtf8("hi"), Parse<DataSource>("""{"inline_bytes":"aGk"}""").InlineBytes);
        Assert.Equal(ByteString.CopyFromUtf8("hi"), Parse<DataSource>("""{"inline_bytes":"aGk="}""").InlineBytes);
        Assert.Equal(new byte[] { 0xfb, 0xff }, Parse<DataSource>("""{"inline_bytes":"-_8"}""").InlineBytes.ToByteArray());
        Assert.Equal("inline_bytes", Fails<DataSource>("""{"inline_bytes":"***"}""").Path);
    }

    [Fact]
    public void NullMeansAbsent()
    {
        var cluster = Parse<Cluster>("""{"name":"a","connect_timeout":null,"per_connection_buffer_limit_bytes":null,"lb_policy":null,"health_checks":null}""");

        Assert.Null(cluster.ConnectTimeout);
        Assert.Null(cluster.PerConnectionBufferLimitBytes);
        Assert.Empty(cluster.HealthChecks);
    }

    [Theory]
    [InlineData("\"0.25s\"", 0, 250_000_000)]
    [InlineData("\"-1.000000001s\"", -1, -1)]
    [InlineData("\"600s\"", 600, 0)]
    public void DurationsAreDecimalSeconds(string json, long seconds, int nanos)
    {
        var cluster = Parse<Cluster>($$"""{"connect_timeout":{{json}}}""");

        Assert.Equal(new Duration { Seconds = seconds, Nanos = nanos }, cluster.ConnectTimeout);
    }

    [Theory]
    [InlineData("\"1m\"")]
    [InlineData("\"1.5\"")]
    [InlineData("\"1.0000000001s\"")]
    [InlineData("1")]
    public void BadDurationsNameTheField(string json)
    {
        var e = Fails<Listener>($$"""{"filter_chains":[{"transport_socket_connect_timeout":{{json}}}]}""");

        Assert.Equal("filter_chains[0].transport_socket_connect_timeout", e.Path);
    }

    [Fact]
    public void TimestampsAreRfc3339WithOffsets()
    {
        var utc = ValueOf<Timestamp>(JsonValue.Create("1972-01-01T10:00:20.021Z"));
        var offset = ValueOf<Timestamp>(JsonValue.Create("1972-01-01T11:00:20.021+01:00"));

        Assert.Equal(Timestamp.FromDateTime(new DateTime(1972, 1, 1, 10, 0, 20, 21, DateTimeKind.Utc)), utc);
        Assert.Equal(utc, offset);
        Assert.Throws<ProtoJsonException>(() => ValueOf<Timestamp>(JsonValue.Create("1972-13-01T00:00:00Z")));
    }

    [Fact]
    public void StructValueAndListValue()
    {
        var metadata = Parse<Metadata>("""{"filter_metadata":{"istio":{"a":[1.5,"x",null,true,{"b":2}]}}}""");

        var list = metadata.FilterMetadata["istio"].Fields["a"].ListValue.Values;
        Assert.Equal(1.5, list[0].NumberValue);
        Assert.Equal("x", list[1].StringValue);
        Assert.Equal(Value.KindOneofCase.NullValue, list[2].KindCase);
        Assert.True(list[3].BoolValue);
        Assert.Equal(2, list[4].StructValue.Fields["b"].NumberValue);
    }

    [Fact]
    public void WrappersArePlainValues()
    {
        var hcm = Parse<HttpConnectionManager>("""{"use_remote_address":true,"xff_num_trusted_hops":2,"stat_prefix":"s"}""");

        Assert.True(hcm.UseRemoteAddress);
        Assert.Equal(2u, hcm.XffNumTrustedHops);
        Assert.Equal(float.PositiveInfinity, ValueOf<FloatValue>(JsonValue.Create("Infinity")).Value);
        Assert.Throws<ProtoJsonException>(() => ValueOf<FloatValue>(JsonNode.Parse("1e39")));
    }

    [Fact]
    public void AnyIsResolvedThroughTheTypeRegistry()
    {
        var cluster = Parse<Cluster>("""
            {"typed_extension_protocol_options":{"envoy.extensions.upstreams.http.v3.HttpProtocolOptions":{
              "@type":"type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
              "explicit_http_config":{"http2_protocol_options":{}}}}}
            """);

        var options = cluster.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].Unpack<HttpProtocolOptions>();
        Assert.NotNull(options.ExplicitHttpConfig.Http2ProtocolOptions);
    }

    [Fact]
    public void AnyOfAWellKnownTypeKeepsItsValueUnderValue()
    {
        var metadata = Parse<Metadata>("""
            {"typed_filter_metadata":{"a":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"},
                                      "b":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"x"}}}
            """);

        Assert.Equal(2, metadata.TypedFilterMetadata["a"].Unpack<Duration>().Seconds);
        Assert.Equal("x", metadata.TypedFilterMetadata["b"].Unpack<StringValue>().Value);
    }

    [Fact]
    public void UnknownAnyTypeNamesTheTypeUrlAndPath()
    {
        var e = Fails<Listener>("""
            {"filter_chains":[{"filters":[{"name":"lua","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua"}}]}]}
            """);

        Assert.Equal("filter_chains[0].filters[0].typed_config", e.Path);
        Assert.Contains("'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua'", e.Reason);
    }

    [Fact]
    public void ErrorsInsideAnyCarryTheFullPath()
    {
        var e = Fails<Listener>("""
            {"filter_chains":[{"filters":[{"name":"hcm","typed_config":{
              "@type":"type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
              "stat_prefix":15006}}]}]}
            """);

        Assert.Equal("filter_chains[0].filters[0].typed_config.stat_prefix", e.Path);
    }

    [Fact]
    public void TypedStructsParseAsOrdinaryMessages()
    {
        var metadata = Parse<Metadata>("""
            {"typed_filter_metadata":{"x":{"@type":"type.googleapis.com/udpa.type.v1.TypedStruct",
              "type_url":"type.googleapis.com/istio.workload.BootstrapExtension","value":{"config":{"a":1}}}}}
            """);

        var typed = metadata.TypedFilterMetadata["x"].Unpack<Udpa.Type.V1.TypedStruct>();
        Assert.Equal("type.googleapis.com/istio.workload.BootstrapExtension", typed.TypeUrl);
        Assert.Equal(1, typed.Value.Fields["config"].StructValue.Fields["a"].NumberValue);
    }

    [Fact]
    public void TwoMembersOfOneOneofAreAnError()
    {
        var e = Fails<Cluster>("""{"name":"c","type":"STATIC","cluster_type":{"name":"envoy.clusters.aggregate"}}""");

        Assert.Equal("cluster_type", e.Path);
        Assert.Contains("'type' and 'cluster_type'", e.Reason);
        Assert.Contains("cluster_discovery_type", e.Reason);
    }

    [Fact]
    public void OneofMemberSetToNullDoesNotCount()
    {
        var cluster = Parse<Cluster>("""{"type":null,"cluster_type":{"name":"x"}}""");

        Assert.Equal("x", cluster.ClusterType.Name);
    }

    [Fact]
    public void UnknownFieldIsAnErrorWithItsPath()
    {
        var e = Fails<Cluster>("""{"load_assignment":{"cluster_name":"c","endpoint":[]}}""");

        Assert.Equal("load_assignment.endpoint", e.Path);
        Assert.Contains("envoy.config.endpoint.v3.ClusterLoadAssignment", e.Reason);
    }

    [Fact]
    public void UnknownFieldsAndEnumNamesCanBeIgnoredWithWarnings()
    {
        var lenient = new ProtoJsonReader(ignoreUnknownFields: true);
        var warnings = new List<string>();

        var cluster = Parse<Cluster>("""{"name":"c","future_field":{"a":1},"lb_policy":"FASTEST"}""", lenient, warnings);

        Assert.Equal("c", cluster.Name);
        Assert.Equal(Cluster.Types.LbPolicy.RoundRobin, cluster.LbPolicy);
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("future_field: ", warnings[0]);
        Assert.StartsWith("lb_policy: ", warnings[1]);
    }

    [Fact]
    public void MapKeysThatAreNotIdentifiersAreBracketedInPaths()
    {
        var e = Fails<Cluster>("""{"typed_extension_protocol_options":{"a.b":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"x"}}}""");

        Assert.Equal("typed_extension_protocol_options[\"a.b\"].value", e.Path);
    }

    [Fact]
    public void ShapeErrorsNameWhatWasExpected()
    {
        Assert.Contains("expected an array", Fails<Cluster>("""{"health_checks":{}}""").Reason);
        Assert.Contains("expected an object (envoy.config.core.v3.Metadata)", Fails<Cluster>("""{"metadata":[]}""").Reason);
        Assert.Equal("health_checks[0]", Fails<Cluster>("""{"health_checks":[null]}""").Path);
    }

    [Fact]
    public void FieldMasksConvertCamelCasePaths()
    {
        var mask = ValueOf<FieldMask>(JsonValue.Create("fooBar,baz.quxQuux"));

        Assert.Equal(["foo_bar", "baz.qux_quux"], mask.Paths);
    }

    [Fact]
    public void DuplicateJsonKeysAreReported()
    {
        var e = Assert.Throws<ProtoJsonException>(() => Parse<Cluster>("""{"load_assignment":{"cluster_name":"a","cluster_name":"b"}}"""));

        Assert.Equal("load_assignment", e.Path);
    }

    [Fact]
    public void JsonSyntaxErrorsAreProtoJsonExceptions()
    {
        var e = Assert.Throws<ProtoJsonException>(() => Parse<Cluster>("{\"name\": \"a\",\n \"type\": }"));

        Assert.Contains("line 2", e.Reason);
    }

    [Fact]
    public void ExcessiveNestingIsRefused()
    {
        var deep = new string('[', 150) + new string(']', 150);

        Assert.Throws<ProtoJsonException>(() => ValueOf<ListValue>(JsonNode.Parse(deep, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 200 })));
    }
}
