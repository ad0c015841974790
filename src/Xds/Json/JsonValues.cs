using System.Text.Json;
using System.Text.Json.Nodes;

namespace Proxy.Xds.Json;

/// <summary>Small helpers over <see cref="JsonNode"/> shared by the readers.</summary>
internal static class JsonValues
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The JSON string's content, or null when the node is not a string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The number exactly as written (no double round trip), or null when the node is not a number.</summary>
    public static string? NumberText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null;

    /// <summary>A short rendering of a value for error messages.</summary>
    public static string Describe(JsonNode? node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.Null:
                return "null";
            case JsonValueKind.Object:
                return "an object";
            case JsonValueKind.Array:
                return "an array";
            default:
                var text = node!.ToJsonString();
                return text.Length > 80 ? string.Concat(text.AsSpan(0, 77), "...") : text;
        }
    }
}
