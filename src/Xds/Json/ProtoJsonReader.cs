using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Xds.Json;

/// <summary>
/// Turns a JSON document into a protobuf message, driven by descriptors, following the proto3 JSON mapping
/// (https://protobuf.dev/programming-guides/proto3/#json) the way Envoy reads its bootstrap, and reporting every
/// error as a <see cref="ProtoJsonException"/> with the JSON path of the offending value.
/// <list type="bullet">
/// <item>Field names: proto name (snake_case) or json_name (lowerCamelCase); the same field twice is an error.</item>
/// <item><c>null</c> means "field absent" (except for google.protobuf.Value, where it is a null value).</item>
/// <item>Two members of one oneof set: error.</item>
/// <item>Unknown field (and unknown enum name): error, unless <c>ignoreUnknownFields</c> (Envoy's
/// <c>--allow-unknown-static-fields</c>), in which case it is skipped and reported as a warning.</item>
/// <item>Any: <c>@type</c> resolved in the <see cref="TypeRegistry"/>; an unknown type is an error naming the URL.</item>
/// </list>
/// Config-time only: allocation and reflection over descriptors are fine here.
/// </summary>
public sealed class ProtoJsonReader
{
    // Google.Protobuf's JsonParser uses the same recursion limit.
    private const int MaxDepth = 100;

    private readonly TypeRegistry _typeRegistry;
    private readonly bool _ignoreUnknownFields;

    /// <param name="typeRegistry">Types an Any may hold; null means <see cref="EnvoyTypeRegistry.Instance"/>.</param>
    /// <param name="ignoreUnknownFields">Skip unknown fields and enum names with a warning instead of failing.</param>
    public ProtoJsonReader(TypeRegistry? typeRegistry = null, bool ignoreUnknownFields = false)
    {
        _typeRegistry = typeRegistry ?? EnvoyTypeRegistry.Instance;
        _ignoreUnknownFields = ignoreUnknownFields;
    }

    /// <summary>Parses <paramref name="json"/> as a <typeparamref name="T"/>; a null document is an empty message.</summary>
    /// <param name="warnings">Receives one line per skipped unknown field when unknown fields are ignored.</param>
    public T Parse<T>(JsonNode? json, ICollection<string>? warnings = null)
        where T : IMessage<T>, new() =>
        (T)Parse(json, new T().Descriptor, warnings);

    /// <summary>Parses <paramref name="json"/> as a message of type <paramref name="descriptor"/>.</summary>
    /// <param name="path">Path of <paramref name="json"/> inside a larger document, prefixed to every error path.</param>
    public IMessage Parse(JsonNode? json, MessageDescriptor descriptor, ICollection<string>? warnings = null, string path = "")
    {
        if (json is null)
        {
            return NewMessage(descriptor);
        }

        return ReadMessage(json, descriptor, path, 0, warnings);
    }

    /// <summary>Parses JSON text; syntax errors become <see cref="ProtoJsonException"/> with the path reached.</summary>
    public T Parse<T>(string jsonText, ICollection<string>? warnings = null)
        where T : IMessage<T>, new() =>
        Parse<T>(ParseText(jsonText), warnings);

    /// <summary>Parses JSON text into a node tree, turning syntax errors into <see cref="ProtoJsonException"/>.</summary>
    public static JsonNode? ParseText(string jsonText)
    {
        try
        {
            return JsonNode.Parse(jsonText, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? string.Empty : e.Path.TrimStart('$').TrimStart('.');
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw new ProtoJsonException(path, $"invalid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    private IMessage ReadMessage(JsonNode? node, MessageDescriptor descriptor, string path, int depth, ICollection<string>? warnings)
    {
        if (depth > MaxDepth)
        {
            throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
        }

        var fullName = descriptor.FullName;
        switch (fullName)
        {
            case WellKnownTypeNames.Any:
                return ReadAny(node, path, depth, warnings);
            case WellKnownTypeNames.Duration:
                return TimeReader.ReadDuration(node, path);
            case WellKnownTypeNames.Timestamp:
                return TimeReader.ReadTimestamp(node, path);
            case WellKnownTypeNames.FieldMask:
                return ReadFieldMask(node, path);
            case WellKnownTypeNames.Struct:
                return ReadStruct(node, path, depth);
            case WellKnownTypeNames.Value:
                return ReadValue(node, path, depth);
            case WellKnownTypeNames.ListValue:
                return ReadListValue(node, path, depth);
        }

        if (WellKnownTypeNames.IsWrapper(fullName))
        {
            // As a message (top level or inside an Any) a wrapper is its plain value.
            var wrapper = NewMessage(descriptor);
            var valueField = descriptor.FindFieldByNumber(1);
            valueField.Accessor.SetValue(wrapper, ScalarReader.Read(node, valueField.FieldType, path));
            return wrapper;
        }

        return ReadObject(node, descriptor, path, depth, warnings, skipKey: null);
    }

    private IMessage ReadObject(JsonNode? node, MessageDescriptor descriptor, string path, int depth, ICollection<string>? warnings, string? skipKey)
    {
        if (node is not JsonObject obj)
        {
            throw ScalarReader.Expected(node, $"an object ({descriptor.FullName})", path);
        }

        var message = NewMessage(descriptor);
        Dictionary<int, string>? seen = null;
        Dictionary<OneofDescriptor, string>? oneofs = null;
        foreach (var (key, value) in Properties(obj, path))
        {
            if (key == skipKey)
            {
                continue;
            }

            var childPath = JsonPath.Property(path, key);
            if (!FieldNames.TryFind(descriptor, key, out var field))
            {
                if (_ignoreUnknownFields)
                {
                    warnings?.Add($"{childPath}: ignored unknown field '{key}' of {descriptor.FullName}");
                    continue;
                }

                throw new ProtoJsonException(childPath, $"unknown field '{key}' in {descriptor.FullName}");
            }

            seen ??= [];
            if (!seen.TryAdd(field.FieldNumber, key))
            {
                throw new ProtoJsonException(childPath, $"field '{field.Name}' is set twice (as '{seen[field.FieldNumber]}' and '{key}')");
            }

            // proto3 JSON: null is the default value, i.e. the field is absent.
            if (value is null && !TakesNull(field))
            {
                continue;
            }

            if (field.RealContainingOneof is { } oneof)
            {
                oneofs ??= [];
                if (!oneofs.TryAdd(oneof, key))
                {
                    throw new ProtoJsonException(childPath, $"'{oneofs[oneof]}' and '{key}' are both members of oneof '{oneof.Name}' in {descriptor.FullName}; at most one may be set");
                }
            }

            ReadField(message, field, value, childPath, depth, warnings);
        }

        return message;
    }

    private void ReadField(IMessage message, FieldDescriptor field, JsonNode? value, string path, int depth, ICollection<string>? warnings)
    {
        if (field.IsMap)
        {
            if (value is not JsonObject entries)
            {
                throw ScalarReader.Expected(value, "an object (map)", path);
            }

            var map = (IDictionary)field.Accessor.GetValue(message);
            var keyField = field.MessageType.FindFieldByNumber(1);
            var valueField = field.MessageType.FindFieldByNumber(2);
            foreach (var (key, entry) in Properties(entries, path))
            {
                var entryPath = JsonPath.Property(path, key);
                if (entry is null && !TakesNull(valueField))
                {
                    throw new ProtoJsonException(entryPath, "map values may not be null");
                }

                var mapKey = ScalarReader.ReadMapKey(key, keyField.FieldType, entryPath);
                if (ReadSingular(entry, valueField, entryPath, depth, warnings) is { } mapValue)
                {
                    map[mapKey] = mapValue;
                }
            }

            return;
        }

        if (field.IsRepeated)
        {
            if (value is not JsonArray array)
            {
                throw ScalarReader.Expected(value, "an array", path);
            }

            var list = (IList)field.Accessor.GetValue(message);
            for (var i = 0; i < array.Count; i++)
            {
                var elementPath = JsonPath.Index(path, i);
                if (array[i] is null && !TakesNull(field))
                {
                    throw new ProtoJsonException(elementPath, "repeated field elements may not be null");
                }

                if (ReadSingular(array[i], field, elementPath, depth, warnings) is { } element)
                {
                    list.Add(element);
                }
            }

            return;
        }

        if (ReadSingular(value, field, path, depth, warnings) is { } single)
        {
            field.Accessor.SetValue(message, single);
        }
    }

    /// <summary>One value of <paramref name="field"/>'s type; null when it is to be skipped (ignored unknown enum name).</summary>
    private object? ReadSingular(JsonNode? node, FieldDescriptor field, string path, int depth, ICollection<string>? warnings)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                var type = field.MessageType;
                // Generated C# keeps wrapper-typed fields as nullable primitives.
                return WellKnownTypeNames.IsWrapper(type.FullName)
                    ? ScalarReader.Read(node, type.FindFieldByNumber(1).FieldType, path)
                    : ReadMessage(node, type, path, depth + 1, warnings);
            case FieldType.Enum:
                return ReadEnum(node, field.EnumType, path, warnings);
            case FieldType.Group:
                throw new ProtoJsonException(path, "groups are not supported");
            default:
                return ScalarReader.Read(node, field.FieldType, path);
        }
    }

    private object? ReadEnum(JsonNode? node, EnumDescriptor type, string path, ICollection<string>? warnings)
    {
        if (type.FullName == WellKnownTypeNames.NullValue && node is null)
        {
            return NullValue.NullValue;
        }

        if (JsonValues.AsString(node) is { } name)
        {
            if (type.FindValueByName(name) is { } known)
            {
                return System.Enum.ToObject(type.ClrType, known.Number);
            }

            if (_ignoreUnknownFields)
            {
                warnings?.Add($"{path}: ignored unknown value '{name}' of enum {type.FullName}");
                return null;
            }

            var names = string.Join(", ", type.Values.Select(v => v.Name));
            throw new ProtoJsonException(path, $"invalid value '{name}' for enum {type.FullName}; expected one of {names}");
        }

        if (JsonValues.NumberText(node) is not null)
        {
            // proto3 enums are open: any int32 is a valid value.
            var number = (int)ScalarReader.ReadInteger(node, path, int.MinValue, int.MaxValue, "enum number");
            return System.Enum.ToObject(type.ClrType, number);
        }

        throw ScalarReader.Expected(node, $"an enum name or number ({type.FullName})", path);
    }

    private Any ReadAny(JsonNode? node, string path, int depth, ICollection<string>? warnings)
    {
        if (node is not JsonObject obj)
        {
            throw ScalarReader.Expected(node, "an object (google.protobuf.Any)", path);
        }

        if (obj.Count == 0)
        {
            return new Any();
        }

        const string TypeKey = "@type";
        if (!obj.TryGetPropertyValue(TypeKey, out var typeNode))
        {
            throw new ProtoJsonException(path, "google.protobuf.Any without '@type'");
        }

        var typePath = JsonPath.Property(path, TypeKey);
        var typeUrl = JsonValues.AsString(typeNode) ?? throw ScalarReader.Expected(typeNode, "a type URL string", typePath);
        var slash = typeUrl.LastIndexOf('/');
        if (slash < 0 || slash == typeUrl.Length - 1)
        {
            throw new ProtoJsonException(typePath, $"invalid type URL '{typeUrl}': expected 'type.googleapis.com/<message full name>'");
        }

        var descriptor = _typeRegistry.Find(typeUrl[(slash + 1)..])
            ?? throw new ProtoJsonException(path, $"unknown type '{typeUrl}': not a message type of the Envoy API this proxy was built with");

        IMessage inner;
        if (WellKnownTypeNames.HasSpecialJson(descriptor.FullName))
        {
            // proto3 JSON: {"@type": ".../google.protobuf.Duration", "value": "1s"}.
            JsonNode? value = null;
            foreach (var (key, child) in Properties(obj, path))
            {
                if (key == "value")
                {
                    value = child;
                }
                else if (key != TypeKey)
                {
                    throw new ProtoJsonException(JsonPath.Property(path, key), $"unknown field '{key}' in an Any holding {descriptor.FullName} (expected only '@type' and 'value')");
                }
            }

            inner = value is null ? NewMessage(descriptor) : ReadMessage(value, descriptor, JsonPath.Property(path, "value"), depth + 1, warnings);
        }
        else
        {
            inner = ReadObject(obj, descriptor, path, depth + 1, warnings, skipKey: TypeKey);
        }

        return new Any { TypeUrl = typeUrl, Value = inner.ToByteString() };
    }

    private static Struct ReadStruct(JsonNode? node, string path, int depth)
    {
        if (node is not JsonObject obj)
        {
            throw ScalarReader.Expected(node, "an object (google.protobuf.Struct)", path);
        }

        var result = new Struct();
        foreach (var (key, value) in Properties(obj, path))
        {
            result.Fields[key] = ReadValue(value, JsonPath.Property(path, key), depth + 1);
        }

        return result;
    }

    private static ListValue ReadListValue(JsonNode? node, string path, int depth)
    {
        if (node is not JsonArray array)
        {
            throw ScalarReader.Expected(node, "an array (google.protobuf.ListValue)", path);
        }

        var result = new ListValue();
        for (var i = 0; i < array.Count; i++)
        {
            result.Values.Add(ReadValue(array[i], JsonPath.Index(path, i), depth + 1));
        }

        return result;
    }

    private static Value ReadValue(JsonNode? node, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
        }

        switch (JsonValues.Kind(node))
        {
            case JsonValueKind.Null:
                return Value.ForNull();
            case JsonValueKind.Object:
                return Value.ForStruct(ReadStruct(node, path, depth));
            case JsonValueKind.Array:
                return new Value { ListValue = ReadListValue(node, path, depth) };
            case JsonValueKind.String:
                return Value.ForString(JsonValues.AsString(node)!);
            case JsonValueKind.True:
                return Value.ForBool(true);
            case JsonValueKind.False:
                return Value.ForBool(false);
            default:
                return Value.ForNumber((double)ScalarReader.Read(node, FieldType.Double, path));
        }
    }

    private static FieldMask ReadFieldMask(JsonNode? node, string path)
    {
        var text = JsonValues.AsString(node) ?? throw ScalarReader.Expected(node, "a comma-separated field mask string", path);
        var mask = new FieldMask();
        if (text.Length == 0)
        {
            return mask;
        }

        foreach (var camel in text.Split(','))
        {
            // proto3 JSON: paths are lowerCamelCase in JSON and snake_case in the message.
            var snake = new System.Text.StringBuilder(camel.Length + 4);
            foreach (var c in camel)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    snake.Append('_').Append(char.ToLowerInvariant(c));
                }
                else
                {
                    snake.Append(c);
                }
            }

            mask.Paths.Add(snake.ToString());
        }

        return mask;
    }

    /// <summary>A singular Value field (and NullValue) is the one place where JSON null is a value.</summary>
    private static bool TakesNull(FieldDescriptor field) =>
        (field.FieldType == FieldType.Message && field.MessageType.FullName == WellKnownTypeNames.Value)
        || (field.FieldType == FieldType.Enum && field.EnumType.FullName == WellKnownTypeNames.NullValue);

    private static IMessage NewMessage(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    /// <summary>The object's properties; a duplicate key (which JsonObject refuses lazily) becomes a located error.</summary>
    private static List<KeyValuePair<string, JsonNode?>> Properties(JsonObject obj, string path)
    {
        try
        {
            return [.. obj];
        }
        catch (ArgumentException e)
        {
            throw new ProtoJsonException(path, $"duplicate key in object: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
