using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// proto3 JSON scalars, with the mapping's leniency: numbers may be JSON numbers or strings (64-bit integers
/// usually are strings), integers may use exponent notation when the value is integral, floats accept
/// "NaN"/"Infinity"/"-Infinity", bytes are standard or URL-safe base64 with or without padding.
/// Booleans also accept the strings "true"/"false" (YAML users quote them).
/// </summary>
internal static class ScalarReader
{
    public static object Read(JsonNode? node, FieldType type, string path) => type switch
    {
        FieldType.Bool => ReadBool(node, path),
        FieldType.String => JsonValues.AsString(node) ?? throw Expected(node, "a string", path),
        FieldType.Bytes => ReadBytes(node, path),
        FieldType.Double => ReadDouble(node, path, isFloat: false),
        FieldType.Float => (float)ReadDouble(node, path, isFloat: true),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)ReadInteger(node, path, int.MinValue, int.MaxValue, "int32"),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)ReadInteger(node, path, uint.MinValue, uint.MaxValue, "uint32"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)ReadInteger(node, path, long.MinValue, long.MaxValue, "int64"),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)ReadInteger(node, path, ulong.MinValue, ulong.MaxValue, "uint64"),
        _ => throw new ProtoJsonException(path, $"unsupported field type {type}"),
    };

    /// <summary>A map key: JSON object keys are always strings, converted to the key field's type.</summary>
    public static object ReadMapKey(string key, FieldType type, string path) => type switch
    {
        FieldType.String => key,
        FieldType.Bool => key switch
        {
            "true" => true,
            "false" => false,
            _ => throw new ProtoJsonException(path, $"invalid map key '{key}': expected \"true\" or \"false\""),
        },
        _ => Read(JsonValue.Create(key), type, path),
    };

    /// <summary>An integer in [min, max] from a JSON number or a numeric string.</summary>
    public static decimal ReadInteger(JsonNode? node, string path, decimal min, decimal max, string typeName)
    {
        var text = JsonValues.NumberText(node) ?? JsonValues.AsString(node) ?? throw Expected(node, $"an integer ({typeName})", path);
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            throw new ProtoJsonException(path, $"invalid {typeName} {JsonValues.Describe(node)}: not a number or out of range");
        }

        if (value != decimal.Truncate(value))
        {
            throw new ProtoJsonException(path, $"invalid {typeName} {JsonValues.Describe(node)}: not an integer");
        }

        if (value < min || value > max)
        {
            throw new ProtoJsonException(path, $"invalid {typeName} {JsonValues.Describe(node)}: out of range [{min}, {max}]");
        }

        return value;
    }

    private static bool ReadBool(JsonNode? node, string path)
    {
        switch (JsonValues.Kind(node))
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
        }

        return JsonValues.AsString(node) switch
        {
            "true" => true,
            "false" => false,
            _ => throw Expected(node, "true or false", path),
        };
    }

    private static double ReadDouble(JsonNode? node, string path, bool isFloat)
    {
        var typeName = isFloat ? "float" : "double";
        var text = JsonValues.NumberText(node);
        if (text is null)
        {
            text = JsonValues.AsString(node) ?? throw Expected(node, $"a number ({typeName})", path);
            switch (text)
            {
                case "NaN":
                    return double.NaN;
                case "Infinity":
                    return double.PositiveInfinity;
                case "-Infinity":
                    return double.NegativeInfinity;
            }
        }

        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            throw new ProtoJsonException(path, $"invalid {typeName} {JsonValues.Describe(node)}: not a number");
        }

        if (double.IsInfinity(value) || (isFloat && Math.Abs(value) > float.MaxValue))
        {
            throw new ProtoJsonException(path, $"invalid {typeName} {JsonValues.Describe(node)}: out of range");
        }

        return value;
    }

    private static ByteString ReadBytes(JsonNode? node, string path)
    {
        var text = JsonValues.AsString(node) ?? throw Expected(node, "a base64 string", path);
        // proto3 JSON: "standard or URL-safe base64 encoding with/without paddings are accepted".
        var normalized = text.Replace('-', '+').Replace('_', '/');
        var padding = normalized.Length % 4;
        if (padding != 0)
        {
            normalized += new string('=', 4 - padding);
        }

        try
        {
            return ByteString.FromBase64(normalized);
        }
        catch (FormatException)
        {
            throw new ProtoJsonException(path, $"invalid bytes {JsonValues.Describe(node)}: not base64");
        }
    }

    public static ProtoJsonException Expected(JsonNode? node, string what, string path) =>
        new(path, $"expected {what}, got {JsonValues.Describe(node)}");
}
