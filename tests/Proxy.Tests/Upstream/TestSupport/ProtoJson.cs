using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Tests.Upstream.TestSupport;

/// <summary>
/// Parses Envoy JSON (snake_case or camelCase) into generated protos for tests, with a TypeRegistry of the
/// types clusters and endpoints carry in Any. Any whose type our pinned API package does not have (RawBuffer,
/// DnsCluster, OverrideHost, ClientSideWeightedRoundRobin, ...) is kept by type URL: the JSON is swapped for a
/// placeholder before parsing and the Any restored afterwards, with the payload encoded by hand for the
/// extensions the translator decodes by field number (DnsCluster, OverrideHost).
/// </summary>
internal static class ProtoJson
{
    public static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        ClusterReflection.Descriptor,
        Envoy.Config.Endpoint.V3.EndpointReflection.Descriptor,
        Envoy.Extensions.TransportSockets.Tls.V3.TlsReflection.Descriptor,
        Envoy.Extensions.TransportSockets.InternalUpstream.V3.InternalUpstreamReflection.Descriptor,
        Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptionsReflection.Descriptor,
        Envoy.Extensions.Upstreams.Tcp.V3.TcpProtocolOptionsReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.RoundRobin.V3.RoundRobinReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.LeastRequest.V3.LeastRequestReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.Random.V3.RandomReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.RingHash.V3.RingHashReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.Maglev.V3.MaglevReflection.Descriptor,
        Envoy.Extensions.LoadBalancingPolicies.ClusterProvided.V3.ClusterProvidedReflection.Descriptor,
        Udpa.Type.V1.TypedStructReflection.Descriptor,
        global::Xds.Type.V3.TypedStructReflection.Descriptor,
        StructReflection.Descriptor);

    private const string PlaceholderKey = "__placeholder";
    private const string StructTypeUrl = "type.googleapis.com/google.protobuf.Struct";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(Registry));

    /// <summary>Type URLs that were kept by placeholder in the last parses (for reporting).</summary>
    public static readonly HashSet<string> PlaceholderTypes = new(StringComparer.Ordinal);

    public static T Parse<T>(JsonNode node)
        where T : IMessage<T>, new()
    {
        var copy = JsonNode.Parse(node.ToJsonString())!;
        if (copy is JsonObject top)
        {
            // Dumps wrap resources with their own "@type"; the message itself has no such field.
            top.Remove("@type");
        }

        var placeholders = new List<(string TypeUrl, ByteString Value)>();
        copy = Replace(copy, placeholders);
        var message = Parser.Parse<T>(copy.ToJsonString());
        FixUp(message, placeholders);
        return message;
    }

    public static T Parse<T>(string json)
        where T : IMessage<T>, new() => Parse<T>(JsonNode.Parse(json)!);

    /// <summary>Post-order walk: unknown Any objects become Struct placeholders.</summary>
    private static JsonNode Replace(JsonNode node, List<(string TypeUrl, ByteString Value)> placeholders)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child && Replace(child, placeholders) is var replaced && !ReferenceEquals(replaced, child))
                    {
                        obj[key] = replaced;
                    }
                }

                if (obj["@type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeUrl) &&
                    Registry.Find(TypeName(typeUrl)) is null && TypeName(typeUrl) != "google.protobuf.Struct")
                {
                    PlaceholderTypes.Add(typeUrl);
                    placeholders.Add((typeUrl, Encode(TypeName(typeUrl), obj, placeholders)));
                    return new JsonObject
                    {
                        ["@type"] = StructTypeUrl,
                        ["value"] = new JsonObject { [PlaceholderKey] = placeholders.Count - 1 },
                    };
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && Replace(item, placeholders) is var replaced && !ReferenceEquals(replaced, item))
                    {
                        array[i] = replaced;
                    }
                }

                return array;
            default:
                return node;
        }
    }

    /// <summary>Restores placeholders, also inside known Any payloads.</summary>
    private static void FixUp(IMessage message, List<(string TypeUrl, ByteString Value)> placeholders)
    {
        if (message is Any any)
        {
            if (any.TypeUrl == StructTypeUrl)
            {
                var value = any.Unpack<Struct>();
                if (value.Fields.TryGetValue(PlaceholderKey, out var index))
                {
                    var (typeUrl, bytes) = placeholders[(int)index.NumberValue];
                    any.TypeUrl = typeUrl;
                    any.Value = bytes;
                }

                return;
            }

            var descriptor = Registry.Find(TypeName(any.TypeUrl));
            if (descriptor is not null)
            {
                var inner = descriptor.Parser.ParseFrom(any.Value);
                FixUp(inner, placeholders);
                any.Value = inner.ToByteString();
            }

            return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (entry.Value is IMessage m)
                    {
                        FixUp(m, placeholders);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (IList)value)
                {
                    if (item is IMessage m)
                    {
                        FixUp(m, placeholders);
                    }
                }
            }
            else if (value is IMessage m)
            {
                FixUp(m, placeholders);
            }
        }
    }

    /// <summary>Binary payloads for the extensions the translator reads by field number; others stay empty.</summary>
    private static ByteString Encode(string typeName, JsonObject obj, List<(string TypeUrl, ByteString Value)> placeholders)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        switch (typeName)
        {
            case "envoy.extensions.clusters.dns.v3.DnsCluster":
                WriteMessage(output, 3, Field(obj, "dns_refresh_rate", "dnsRefreshRate"), ParseDuration);
                if (Field(obj, "dns_failure_refresh_rate", "dnsFailureRefreshRate") is JsonObject failure)
                {
                    var nested = new MemoryStream();
                    var nestedOutput = new CodedOutputStream(nested);
                    WriteMessage(nestedOutput, 1, Field(failure, "base_interval", "baseInterval"), ParseDuration);
                    WriteMessage(nestedOutput, 2, Field(failure, "max_interval", "maxInterval"), ParseDuration);
                    nestedOutput.Flush();
                    output.WriteTag(4, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(nested.ToArray()));
                }

                if (Field(obj, "respect_dns_ttl", "respectDnsTtl") is JsonValue ttl && ttl.GetValue<bool>())
                {
                    output.WriteTag(5, WireFormat.WireType.Varint);
                    output.WriteBool(true);
                }

                WriteMessage(output, 6, Field(obj, "dns_jitter", "dnsJitter"), ParseDuration);
                WriteEnum(output, 8, Field(obj, "dns_lookup_family", "dnsLookupFamily"),
                    ["UNSPECIFIED", "AUTO", "V4_ONLY", "V6_ONLY", "V4_PREFERRED", "ALL"]);
                WriteEnum(output, 9, Field(obj, "dns_discovery_type", "dnsDiscoveryType"), ["LOGICAL", "STRICT"]);
                break;
            case "envoy.extensions.load_balancing_policies.override_host.v3.OverrideHost":
                if (Field(obj, "override_host_sources", "overrideHostSources") is JsonArray sources)
                {
                    foreach (var source in sources.OfType<JsonObject>())
                    {
                        var nested = new MemoryStream();
                        var nestedOutput = new CodedOutputStream(nested);
                        if (source["header"] is JsonValue header)
                        {
                            nestedOutput.WriteTag(1, WireFormat.WireType.LengthDelimited);
                            nestedOutput.WriteString(header.GetValue<string>());
                        }

                        WriteMessage(nestedOutput, 2, source["metadata"],
                            n => Parser.Parse<Envoy.Type.Metadata.V3.MetadataKey>(n.ToJsonString()));
                        nestedOutput.Flush();
                        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                        output.WriteBytes(ByteString.CopyFrom(nested.ToArray()));
                    }
                }

                WriteMessage(output, 3, Field(obj, "fallback_policy", "fallbackPolicy"), n =>
                {
                    var policy = Parser.Parse<LoadBalancingPolicy>(n.ToJsonString());
                    FixUp(policy, placeholders);
                    return policy;
                });
                break;
        }

        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }

    private static JsonNode? Field(JsonObject obj, string snake, string camel) => obj[snake] ?? obj[camel];

    private static IMessage ParseDuration(JsonNode node) => Parser.Parse<Duration>(node.ToJsonString());

    private static void WriteMessage(CodedOutputStream output, int field, JsonNode? node, Func<JsonNode, IMessage> parse)
    {
        if (node is null)
        {
            return;
        }

        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(parse(node).ToByteString());
    }

    private static void WriteEnum(CodedOutputStream output, int field, JsonNode? node, string[] names)
    {
        if (node is not JsonValue value)
        {
            return;
        }

        var number = value.GetValueKind() == JsonValueKind.Number ? value.GetValue<int>() : Array.IndexOf(names, value.GetValue<string>());
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteEnum(number);
    }

    private static string TypeName(string typeUrl) => typeUrl[(typeUrl.LastIndexOf('/') + 1)..];
}
