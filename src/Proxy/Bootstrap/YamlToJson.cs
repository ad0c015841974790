using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Proxy.Xds.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Bootstrap;

/// <summary>
/// YAML to <see cref="JsonNode"/>, through YamlDotNet's representation model, the way a YAML bootstrap reaches
/// the proto JSON reader: plain scalars are typed by the YAML 1.2 core schema (null, bool, int incl. 0x/0o,
/// float incl. .inf/.nan), quoted and block scalars stay strings, <c>!!str</c> forces a string, anchors and
/// aliases are expanded, and <c>&lt;&lt;</c> merge keys copy the merged mappings' keys that the mapping does not
/// set itself (earlier merged mappings win over later ones). Only the first document is used, as Envoy does.
/// </summary>
public static partial class YamlToJson
{
    // Deep enough for any bootstrap, small enough to stop an alias cycle.
    private const int MaxDepth = 256;
    private const string StrTag = "tag:yaml.org,2002:str";
    private const string MergeKey = "<<";

    /// <exception cref="ProtoJsonException">Invalid YAML (with line and column) or a non-scalar mapping key.</exception>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ProtoJsonException(string.Empty, $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode, string.Empty, 0);
    }

    private static JsonNode? ToJson(YamlNode node, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ProtoJsonException(path, $"YAML nested deeper than {MaxDepth} levels (recursive alias?)");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return Scalar(scalar);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, JsonPath.Index(path, index++), depth + 1));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                AddMapping(obj, mapping, path, depth, overwrite: true);
                return obj;
            default:
                throw new ProtoJsonException(path, $"unsupported YAML node at line {node.Start.Line}");
        }
    }

    private static void AddMapping(JsonObject obj, YamlMappingNode mapping, string path, int depth, bool overwrite)
    {
        List<YamlNode>? merges = null;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new ProtoJsonException(path, $"mapping keys must be scalars (line {keyNode.Start.Line}, column {keyNode.Start.Column})");
            }

            if (key == MergeKey && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                (merges ??= []).Add(valueNode);
                continue;
            }

            if (overwrite || !obj.ContainsKey(key))
            {
                obj[key] = ToJson(valueNode, JsonPath.Property(path, key), depth + 1);
            }
        }

        if (merges is null)
        {
            return;
        }

        // YAML merge key: explicit keys win, then each merged mapping in order, earlier ones first.
        foreach (var merge in merges)
        {
            IEnumerable<YamlNode> sources = merge is YamlSequenceNode list ? list.Children : new[] { merge };
            foreach (var source in sources)
            {
                if (source is not YamlMappingNode merged)
                {
                    throw new ProtoJsonException(path, $"'<<' merges mappings only (line {source.Start.Line}, column {source.Start.Column})");
                }

                if (depth > MaxDepth)
                {
                    throw new ProtoJsonException(path, $"YAML nested deeper than {MaxDepth} levels (recursive alias?)");
                }

                AddMapping(obj, merged, path, depth + 1, overwrite: false);
            }
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StrTag) || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                // proto3 JSON spells infinities and NaN as strings.
                return JsonValue.Create("Infinity");
            case "-.inf" or "-.Inf" or "-.INF":
                return JsonValue.Create("-Infinity");
            case ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create("NaN");
        }

        if (DecimalInt().IsMatch(text))
        {
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(text);
        }

        if (OctalInt().IsMatch(text) || HexInt().IsMatch(text))
        {
            try
            {
                return JsonValue.Create(System.Convert.ToUInt64(text[2..], text[1] == 'o' ? 8 : 16));
            }
            catch (OverflowException)
            {
                return JsonValue.Create(text);
            }
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInt();

    [GeneratedRegex("^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
