using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Xds.Json;

/// <summary>
/// A generated <c>google.protobuf.Struct</c> as a <see cref="JsonNode"/> tree (its proto3 JSON form), by reading
/// the generated properties: no descriptor, no JsonFormatter.
/// </summary>
internal static class StructJson
{
    public static JsonObject ToJson(Struct value)
    {
        var obj = new JsonObject();
        foreach (var (key, field) in value.Fields)
        {
            obj[key] = ToJson(field);
        }

        return obj;
    }

    public static JsonNode? ToJson(Value? value) => value?.KindCase switch
    {
        Value.KindOneofCase.NumberValue => JsonValue.Create(value.NumberValue),
        Value.KindOneofCase.StringValue => JsonValue.Create(value.StringValue),
        Value.KindOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        Value.KindOneofCase.StructValue => ToJson(value.StructValue),
        Value.KindOneofCase.ListValue => ToJson(value.ListValue),
        _ => null,
    };

    private static JsonArray ToJson(ListValue list)
    {
        var array = new JsonArray();
        foreach (var item in list.Values)
        {
            array.Add(ToJson(item));
        }

        return array;
    }
}
