using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using YamlDotNet.RepresentationModel;

namespace Proxy.Tests.Routing;

/// <summary>
/// Test helper: Envoy API JSON and YAML into protos with Google.Protobuf's JsonParser. The TypeRegistry holds
/// every message of the generated Envoy API and of Google.Protobuf's well-known types, found by reflection
/// (fine in tests; the product registers types explicitly).
/// </summary>
internal static partial class EnvoyJson
{
    public static readonly TypeRegistry Registry = TypeRegistry.FromFiles(AllFiles().ToArray());

    private static readonly JsonParser Strict = new(JsonParser.Settings.Default.WithTypeRegistry(Registry));

    private static readonly JsonParser Lenient = new(JsonParser.Settings.Default.WithTypeRegistry(Registry).WithIgnoreUnknownFields(true));

    public static RouteConfiguration ParseRouteConfigurationYaml(string yaml) =>
        Strict.Parse<RouteConfiguration>(YamlToJson(yaml));

    public static RouteConfiguration ParseRouteConfigurationJson(string json) => Strict.Parse<RouteConfiguration>(json);

    /// <summary>
    /// Parses a route configuration from a dump: unknown <c>@type</c>s (Istio-private types, Envoy extensions the
    /// generated API lacks) become Struct-typed Anys, and fields newer than the pinned API are ignored; both are
    /// reported through <paramref name="notes"/>.
    /// </summary>
    public static RouteConfiguration ParseDumped(JsonNode routeConfig, List<string> notes)
    {
        JsonNode copy = routeConfig.DeepClone();
        if (copy is JsonObject obj)
        {
            obj.Remove("@type");
        }

        ReplaceUnknownAnys(copy, notes);
        string json = copy.ToJsonString();
        try
        {
            return Strict.Parse<RouteConfiguration>(json);
        }
        catch (InvalidProtocolBufferException e) when (e.Message.Contains("Unknown field", StringComparison.Ordinal))
        {
            notes.Add("ignored unknown field: " + e.Message);
            return Lenient.Parse<RouteConfiguration>(json);
        }
    }

    public static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(stream.Documents[0].RootNode, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var pair in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)pair.Key).Value!);
                    Write(pair.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var child in sequence.Children)
                {
                    Write(child, writer);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                string value = scalar.Value ?? string.Empty;
                if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
                {
                    writer.WriteStringValue(value);
                }
                else if (value is "true" or "false")
                {
                    writer.WriteBooleanValue(value == "true");
                }
                else if (value is "null" or "~" or "")
                {
                    writer.WriteNullValue();
                }
                else if (Number().IsMatch(value))
                {
                    writer.WriteRawValue(value);
                }
                else
                {
                    writer.WriteStringValue(value);
                }

                break;
        }
    }

    private static void ReplaceUnknownAnys(JsonNode? node, List<string> notes)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (property.Value is JsonObject child && child["@type"] is JsonValue typeValue
                        && typeValue.GetValue<string>() is { } typeUrl
                        && Registry.Find(typeUrl.Substring(typeUrl.LastIndexOf('/') + 1)) is null)
                    {
                        notes.Add("unknown type kept as Struct: " + typeUrl);
                        child.Remove("@type");
                        obj[property.Key] = new JsonObject
                        {
                            ["@type"] = "type.googleapis.com/google.protobuf.Struct",
                            ["value"] = child.DeepClone(),
                        };
                        continue;
                    }

                    ReplaceUnknownAnys(property.Value, notes);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ReplaceUnknownAnys(item, notes);
                }

                break;
        }
    }

    private static IEnumerable<FileDescriptor> AllFiles()
    {
        Assembly[] assemblies = [typeof(RouteConfiguration).Assembly, typeof(Google.Protobuf.WellKnownTypes.Any).Assembly];
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in assembly.GetTypes())
            {
                if (type.IsAbstract && type.IsSealed && type.Name.EndsWith("Reflection", StringComparison.Ordinal)
                    && type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static) is { } property
                    && property.PropertyType == typeof(FileDescriptor))
                {
                    yield return (FileDescriptor)property.GetValue(null)!;
                }
            }
        }
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")]
    private static partial Regex Number();
}
