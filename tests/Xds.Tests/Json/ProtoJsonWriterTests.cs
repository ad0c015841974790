using System.Text.Json.Nodes;
using Envoy.Config.Bootstrap.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests.Json;

/// <summary>
/// Binary → JSON on the dynamic descriptors must print exactly what Google.Protobuf's JsonFormatter prints
/// (proto field names), which is what /config_dump printed before; and JSON → binary → JSON must round-trip.
/// </summary>
public sealed class ProtoJsonWriterTests
{
    private const string BootstrapType = "envoy.config.bootstrap.v3.Bootstrap";

    public static TheoryData<string> Goldens() => [.. ConformanceData.BootstrapGoldens().Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void GoldensPrintLikeJsonFormatterAndRoundTrip(string name)
    {
        var text = File.ReadAllText(ConformanceData.PathOf("istio/bootstrap/golden/" + name));
        var reader = new ProtoJsonReader(ignoreUnknownFields: true);
        var bytes = reader.ToBinary(ProtoJsonReader.ParseText(text), BootstrapType);

        var ours = ProtoJsonWriter.Format(bytes, BootstrapType);

        Assert.Equal(GeneratedTypes.Formatter.Format(Bootstrap.Parser.ParseFrom(bytes)), ours);
        Assert.Equal(bytes, reader.ToBinary(ProtoJsonReader.ParseText(ours), BootstrapType));
    }

    public static TheoryData<string> ConfigDumps() =>
    [
        "sidecar_1.10_details_full.json", "sidecar_2023_listeners_hbone.json", "waypoint_1.21_full.json",
        "sidecar_endpoints_eds.json", "gateway_routes_https_tls.json", "secrets_istio_ca.json",
    ];

    /// <summary>Every Envoy resource (listener, cluster, route, endpoints, secret) of real Istio config dumps whose types this build knows.</summary>
    [Theory]
    [MemberData(nameof(ConfigDumps))]
    public void IstioConfigDumpResourcesRoundTrip(string file)
    {
        var dump = JsonNode.Parse(File.ReadAllText(ConformanceData.PathOf("istio/config_dumps/" + file)))!;
        var resources = new List<JsonObject>();
        Collect(dump, resources);
        var reader = new ProtoJsonReader(ignoreUnknownFields: true);
        var checkedCount = 0;
        foreach (var resource in resources)
        {
            var typeName = AnyTypes.NameOf(resource["@type"]!.GetValue<string>());
            var body = (JsonObject)resource.DeepClone();
            body.Remove("@type");
            byte[] bytes;
            try
            {
                bytes = reader.ToBinary(body, typeName);
            }
            catch (ProtoJsonException e) when (e.Reason.StartsWith("unknown type", StringComparison.Ordinal))
            {
                // Istio-specific or newer extension types (e.g. istio.stats) are not in this build's registry.
                continue;
            }

            var ours = ProtoJsonWriter.Format(bytes, typeName);
            var message = GeneratedTypes.Registry.Find(typeName)!.Parser.ParseFrom(bytes);
            Assert.Equal(GeneratedTypes.Formatter.Format(message), ours);
            Assert.Equal(bytes, reader.ToBinary(JsonNode.Parse(ours), typeName));
            checkedCount++;
        }

        Assert.True(checkedCount > 0, $"no resource of {file} could be checked");
    }

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["@type"] is JsonValue type && type.GetValue<string>() is var url
                    && (url.EndsWith(".v3.Listener", StringComparison.Ordinal) || url.EndsWith(".v3.Cluster", StringComparison.Ordinal)
                        || url.EndsWith(".v3.RouteConfiguration", StringComparison.Ordinal) || url.EndsWith(".v3.ClusterLoadAssignment", StringComparison.Ordinal)
                        || url.EndsWith(".v3.Secret", StringComparison.Ordinal)))
                {
                    into.Add(obj);
                    return;
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    [Fact]
    public void WellKnownTypesScalarsAndEscapesPrintLikeJsonFormatter()
    {
        var cluster = new Cluster
        {
            Name = "a<b>\"c\\\u0001\u2028é😀",
            ConnectTimeout = new Duration { Seconds = -1, Nanos = -500_000_000 },
            PerConnectionBufferLimitBytes = 0,
            LbPolicy = (Cluster.Types.LbPolicy)42,
            Metadata = new Metadata
            {
                FilterMetadata =
                {
                    ["s"] = new Struct
                    {
                        Fields =
                        {
                            ["n"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(1.25e21),
                            ["nan"] = Google.Protobuf.WellKnownTypes.Value.ForNumber(double.NaN),
                            ["l"] = Google.Protobuf.WellKnownTypes.Value.ForList(Google.Protobuf.WellKnownTypes.Value.ForNull(), Google.Protobuf.WellKnownTypes.Value.ForBool(true)),
                            ["e"] = Google.Protobuf.WellKnownTypes.Value.ForStruct(new Struct()),
                            ["el"] = Google.Protobuf.WellKnownTypes.Value.ForList(),
                        },
                    },
                },
                TypedFilterMetadata =
                {
                    ["d"] = Any.Pack(new Duration { Seconds = 3, Nanos = 1000 }),
                    ["t"] = Any.Pack(new Timestamp { Seconds = 1_700_000_000, Nanos = 120_000_000 }),
                    ["m"] = Any.Pack(new FieldMask { Paths = { "foo_bar", "baz.qux" } }),
                    ["w"] = Any.Pack(new Int64Value { Value = -7 }),
                    ["e"] = Any.Pack(new Empty()),
                    ["a"] = Any.Pack(Any.Pack(new StringValue { Value = "x" })),
                },
            },
            LoadAssignment = new Envoy.Config.Endpoint.V3.ClusterLoadAssignment(),
            DnsRefreshRate = new Duration { Seconds = 5 },
            IgnoreHealthOnHostRemoval = true,
        };
        cluster.CircuitBreakers = new CircuitBreakers { Thresholds = { new CircuitBreakers.Types.Thresholds { MaxConnections = 1, Priority = RoutingPriority.High } } };
        cluster.TransportSocket = new TransportSocket { Name = "t", TypedConfig = Any.Pack(new Struct()) };
        cluster.UpstreamBindConfig = new BindConfig { Freebind = false };
        cluster.LrsServer = new ConfigSource { Ads = new AggregatedConfigSource() };

        var ours = ProtoJsonWriter.Format(cluster.ToByteArray(), "envoy.config.cluster.v3.Cluster");

        Assert.Equal(GeneratedTypes.Formatter.Format(cluster), ours);
        Assert.Contains("\\u003cb\\u003e", ours);
        Assert.Contains("\"lb_policy\": 42", ours);
        Assert.Contains("\"connect_timeout\": \"-1.500s\"", ours);
    }

    [Fact]
    public void BytesInt64AndRepeatedScalarsPacked()
    {
        var source = new DataSource { InlineBytes = ByteString.CopyFrom(1, 2, 255) };
        var range = new Envoy.Type.V3.Int64Range { Start = -5, End = long.MaxValue };

        Assert.Equal(GeneratedTypes.Formatter.Format(source), ProtoJsonWriter.Format(source, "envoy.config.core.v3.DataSource"));
        Assert.Equal("{ \"start\": \"-5\", \"end\": \"9223372036854775807\" }", ProtoJsonWriter.Format(range, "envoy.type.v3.Int64Range"));
        var retry = new Envoy.Config.Route.V3.RetryPolicy { RetriableStatusCodes = { 503, 504 } };
        Assert.Equal(GeneratedTypes.Formatter.Format(retry), ProtoJsonWriter.Format(retry, "envoy.config.route.v3.RetryPolicy"));
    }

    [Fact]
    public void UnpackedRepeatedScalarsAndUnknownFieldsAreRead()
    {
        // retriable_status_codes = 7 written unpacked, then an unknown field 9999.
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        coded.WriteTag(7, WireFormat.WireType.Varint);
        coded.WriteUInt32(503);
        coded.WriteTag(7, WireFormat.WireType.Varint);
        coded.WriteUInt32(504);
        coded.WriteTag(9999, WireFormat.WireType.LengthDelimited);
        coded.WriteString("ignored");
        coded.Flush();

        var json = ProtoJsonWriter.Format(output.ToArray(), "envoy.config.route.v3.RetryPolicy");

        Assert.Equal("{ \"retriable_status_codes\": [ 503, 504 ] }", json);
    }

    [Fact]
    public void AnyOfATypeOutsideTheRegistryFails()
    {
        var any = new Any { TypeUrl = "type.googleapis.com/istio.stats.PluginConfig" };

        Assert.Throws<InvalidOperationException>(() => ProtoJsonWriter.Format(any, "google.protobuf.Any"));
    }

    [Fact]
    public void MaskKeepsNamedFieldsAndReachesIntoAnys()
    {
        var dump = new Envoy.Admin.V3.ClustersConfigDump.Types.StaticCluster
        {
            Cluster = Any.Pack(new Cluster { Name = "c", ConnectTimeout = new Duration { Seconds = 1 }, AltStatName = "alt" }),
            LastUpdated = new Timestamp { Seconds = 1 },
        };
        const string Type = "envoy.admin.v3.ClustersConfigDump.StaticCluster";

        Assert.Equal(
            "{ \"cluster\": { \"@type\": \"type.googleapis.com/envoy.config.cluster.v3.Cluster\", \"name\": \"c\", \"alt_stat_name\": \"alt\" } }",
            ProtoJsonWriter.Format(dump, Type, FieldMaskTree.Parse("cluster.name,cluster.alt_stat_name")));
        Assert.Equal("{ \"last_updated\": \"1970-01-01T00:00:01Z\" }", ProtoJsonWriter.Format(dump, Type, FieldMaskTree.Parse("last_updated")));
        Assert.Equal(GeneratedTypes.Formatter.Format(dump), ProtoJsonWriter.Format(dump, Type, FieldMaskTree.Parse("cluster,last_updated,cluster.name")));
        Assert.Equal("{ }", ProtoJsonWriter.Format(dump, Type, FieldMaskTree.Parse("nothing")));
    }

    [Fact]
    public void MaskAppliesToEveryElementOfARepeatedMessage()
    {
        var bootstrap = new Bootstrap
        {
            StaticResources = new Bootstrap.Types.StaticResources { Clusters = { new Cluster { Name = "a", AltStatName = "x" }, new Cluster { Name = "b" } } },
        };

        var json = ProtoJsonWriter.Format(bootstrap, BootstrapType, FieldMaskTree.Parse("static_resources.clusters.name"));

        Assert.Equal("{ \"static_resources\": { \"clusters\": [ { \"name\": \"a\" }, { \"name\": \"b\" } ] } }", json);
    }
}
